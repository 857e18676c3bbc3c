import type { StoredRecord } from '../store/store.js';
import type { ResourceDef } from '../resources/types.js';
import { ruleViolation } from '../errors.js';

/** What IT Glue answers when the API touches what its PSA sync owns (CIPP quotes it verbatim). */
export const PSA_LOCK_DETAIL = 'Cannot update a synced resource';

/**
 * Locked only while the sync is live: `psa-integration` "enabled" (or a contact's `sync-active`).
 * Disabled and orphaned records belong to the account again, so the API may change them.
 */
export function isPsaSynced(record: StoredRecord): boolean {
  return record.attributes['psa-integration'] === 'enabled' || record.attributes['sync-active'] === true;
}

/** The API may change only a few fields of a synced record (or none); everything else is a 422. */
export function checkPsaLock(def: ResourceDef, record: StoredRecord, changes: Record<string, unknown>): void {
  if (!def.psaLock || !isPsaSynced(record)) return;
  const snake = (key: string) => key.replace(/-/g, '_');
  const locked = Object.keys(changes).filter((key) => def.psaLock === 'all' || !def.fields[key]?.psaWritable);
  if (locked.length === 0) return;
  const allowed = Object.entries(def.fields)
    .filter(([, field]) => field.psaWritable)
    .map(([key]) => snake(key));
  const what = `this ${def.label.toLowerCase()} is synced with a PSA`;
  throw ruleViolation(
    def.psaLock === 'all' || allowed.length === 0
      ? `${PSA_LOCK_DETAIL}. ${capitalize(what)}: the API cannot change any of its fields.`
      : `${PSA_LOCK_DETAIL}. ${capitalize(what)}: only ${allowed.join(', ')} can be changed (not ${locked.map(snake).join(', ')}).`,
  );
}

/**
 * The admin API's shorthand: giving a record a PSA kind without a status means IT Glue's sync owns
 * it, i.e. `psa-integration: "enabled"` (and, for contacts, `sync-active`). An explicit status wins.
 */
export function withImpliedPsaStatus(
  def: ResourceDef,
  changes: Record<string, unknown>,
  existing?: StoredRecord,
): Record<string, unknown> {
  const kind = changes['psa-integration-type'];
  if (!('psa-integration' in def.fields) || kind == null || 'psa-integration' in changes) return changes;
  if (existing && existing.attributes['psa-integration'] != null) return changes;
  const implied: Record<string, unknown> = { ...changes, 'psa-integration': 'enabled' };
  if ('sync-active' in def.fields && !('sync-active' in changes)) implied['sync-active'] = true;
  return implied;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
