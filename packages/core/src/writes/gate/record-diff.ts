/** What the write gate compares: a live record against the attributes it would send. */
import { stableStringify } from '../../engine/content-hash.js';
import type { FieldChange } from '../../engine/plan-types.js';
import type { GateRecord } from '../../engine/write-backend.js';

/** Field-level differences between a live record and the attributes we would send. */
export function diff(existing: GateRecord, attributes: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, after] of Object.entries(attributes)) {
    if (field === 'traits' && after && typeof after === 'object') {
      const before = (existing.traits ?? {}) as Record<string, unknown>;
      for (const [trait, value] of Object.entries(after as Record<string, unknown>)) {
        if (stableStringify(before[trait]) !== stableStringify(value)) {
          changes.push({ field: `traits.${trait}`, before: before[trait] ?? null, after: value });
        }
      }
      continue;
    }
    const before = existing[field];
    if (stableStringify(before ?? null) !== stableStringify(after ?? null))
      changes.push({ field, before: before ?? null, after });
  }
  return changes;
}

/** A trait that has a value today and would be sent empty. */
export function emptiedTraits(existing: GateRecord, attributes: Record<string, unknown>): string[] {
  const next = attributes.traits as Record<string, unknown> | undefined;
  if (!next) return [];
  return Object.entries(existing.traits ?? {})
    .filter(([key, value]) => value !== null && value !== '' && (next[key] === null || next[key] === ''))
    .map(([key]) => `trait "${key}" would be emptied`);
}
