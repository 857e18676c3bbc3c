/**
 * IT Glue's own PSA sync, as its answers show it (reference/itglue-api.md §6a): a record it keeps in
 * sync carries `psa-integration: "enabled"` (contacts also `sync-active: true`) and refuses API
 * changes to everything but a few fields — 422 "Cannot update a synced resource". `disabled` and
 * `orphaned` (its PSA record is gone) are writable again; null means IT Glue's sync never touched it.
 */

import { RESOURCE_TYPES } from '../resource-types.js';
import type { PsaSyncedType } from '../resource-types.js';

export type { PsaSyncedType };

/** What a synced record still accepts, per type: the lock-rules column of RESOURCE_TYPES. */
export const PSA_WRITABLE = Object.fromEntries(
  RESOURCE_TYPES.flatMap((row) =>
    row.psaWritable ? [[row.route, row.psaWritable as readonly string[]]] : [],
  ),
) as Readonly<Record<PsaSyncedType, readonly string[]>>;

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
  const allowed = PSA_WRITABLE[type];
  const writable: Record<string, unknown> = {};
  const withheld: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (allowed.includes(key)) writable[key] = value;
    else withheld.push(key);
  }
  return { writable, withheld };
}
