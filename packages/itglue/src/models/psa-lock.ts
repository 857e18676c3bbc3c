/**
 * IT Glue's own PSA sync, as its answers show it (reference/itglue-api.md §6a): a record it keeps in
 * sync carries `psa-integration: "enabled"` (contacts also `sync-active: true`) and refuses API
 * changes to everything but a few fields — 422 "Cannot update a synced resource". `disabled` and
 * `orphaned` (its PSA record is gone) are writable again; null means IT Glue's sync never touched it.
 */

/** What a synced record still accepts, per type (IT Glue's PATCH tables), camelCase as writes use. */
export const PSA_WRITABLE = {
  organizations: ['alert', 'description', 'quickNotes'],
  configurations: [
    'archived',
    'assetTag',
    'notes',
    'purchasedAt',
    'restricted',
    'serialNumber',
    'warrantyExpiresAt',
    'mitpDeviceExpirationDate',
    'mitpEndOfLifeDate',
  ],
  contacts: [],
  locations: [],
} as const satisfies Record<string, readonly string[]>;

export type PsaSyncedType = keyof typeof PSA_WRITABLE;

/** Statuses under which IT Glue's sync no longer owns the record. */
const RELEASED = new Set(['disabled', 'orphaned']);

/**
 * True when IT Glue's PSA sync owns the record. A status we do not know is taken as locked: a
 * withheld write is reported, a refused one costs a request and a 422 on every run.
 */
export function isPsaLocked(record: {
  psaIntegration?: string | null;
  syncActive?: boolean | null;
}): boolean {
  if (record.syncActive === true) return true;
  const status = record.psaIntegration?.trim().toLowerCase();
  return !!status && !RELEASED.has(status);
}

/** Splits a write into what a synced record accepts and what IT Glue would refuse. */
export function splitPsaWritable(
  type: PsaSyncedType,
  attributes: Record<string, unknown>,
): { writable: Record<string, unknown>; withheld: string[] } {
  const allowed: readonly string[] = PSA_WRITABLE[type];
  const writable: Record<string, unknown> = {};
  const withheld: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (allowed.includes(key)) writable[key] = value;
    else withheld.push(key);
  }
  return { writable, withheld };
}
