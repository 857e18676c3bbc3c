/**
 * `apply plan.json` re-runs the pipeline's steps (so sources, and secret values a plan never holds,
 * are read again) with this guard on the write gate: a write goes ahead only if the plan has the same
 * write for that sourceKey, the source is unchanged since planning, and the IT Glue record's
 * `updated-at` has not moved. Anything else is refused and reported as a conflict.
 */
import type { GateRecord } from './write-backend.js';
import type { Plan, PlanEntry } from './plan-types.js';
import { plannedRecordId } from './planned-records.js';

export interface GuardQuestion {
  plugin: string;
  sourceKey: string;
  sourceHash: string;
  action: 'create' | 'update';
  existing: GateRecord | null;
}

export class PlanGuard {
  readonly #entries = new Map<string, PlanEntry>();
  /** Records this apply wrote, by item: a step may write an item twice (e.g. links resolved later). */
  readonly #written = new Map<string, string>();
  /** Real id → the planned id the plan holds for it, for records this apply created as planned. */
  readonly #plannedIds = new Map<string, string>();

  constructor(readonly plan: Plan) {
    for (const entry of plan.entries) this.#entries.set(keyOf(entry.plugin, entry.sourceKey), entry);
  }

  /** The gate reports each write it made while applying. */
  wrote(plugin: string, sourceKey: string, recordId: string): void {
    this.#written.set(keyOf(plugin, sourceKey), recordId);
    if (this.#entries.get(keyOf(plugin, sourceKey))?.action === 'create')
      this.#plannedIds.set(recordId, plannedRecordId(plugin, sourceKey));
  }

  /** The plan's name for a record this apply created (records of later steps refer to it). */
  plannedIdOf(recordId: string): string | undefined {
    return this.#plannedIds.get(recordId);
  }

  /** null to proceed, or why the write is refused. */
  refusal(q: GuardQuestion): string | null {
    const written = this.#written.get(keyOf(q.plugin, q.sourceKey));
    // A second write of an item this apply already wrote (to the same record) completes that item.
    if (written !== undefined && q.existing?.id === written) return null;
    const entry = this.#entries.get(keyOf(q.plugin, q.sourceKey));
    if (!entry) return 'not in the plan (new since planning): plan again to include it';
    // A follow-up the plan announced: an unchanged item written again later in the run (its links
    // resolved once the records they point at exist), to the record the plan named.
    const announced =
      entry.updatedAgain && q.action === 'update' && q.existing !== null && q.existing.id === entry.recordId;
    if (!announced && entry.action !== 'create' && entry.action !== 'update')
      return `planned as ${entry.action}, but it would now be a ${q.action}: plan again`;
    if (entry.sourceHash && entry.sourceHash !== q.sourceHash) return 'the source changed since planning';
    if (entry.action === 'create' && q.existing)
      return `a record with this name appeared in IT Glue since planning (id ${q.existing.id})`;
    if (entry.action === 'update') {
      if (!q.existing || q.existing.id !== entry.recordId)
        return 'the planned record is gone or was replaced';
      if ((q.existing.updatedAt ?? null) !== (entry.recordUpdatedAt ?? null)) {
        return `the record changed in IT Glue since planning (updated-at ${entry.recordUpdatedAt ?? 'unknown'} → ${q.existing.updatedAt ?? 'unknown'})`;
      }
    }
    return null;
  }
}

function keyOf(plugin: string, sourceKey: string): string {
  return `${plugin}\u0000${sourceKey}`;
}
