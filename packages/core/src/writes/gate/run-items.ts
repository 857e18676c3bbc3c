/**
 * The items one step's write gate has seen in this run, so each item is counted once. A step may write
 * an item twice — markdown revisits a file once the records its links point at exist — and that second
 * write is a follow-up of the same item (`updatedAgain`), not a second item: otherwise an apply that
 * creates 5 files and completes the links of 3 reports "5 created, 3 updated" against a plan of 5.
 * A dry run cannot make the second write (the records do not exist yet); it marks the item's first plan
 * entry instead, so the plan says up front what the apply will do.
 */
import type { ItemCounts } from '../../engine/hook-types.js';
import type { PlanEntry } from '../../engine/plan-types.js';
import type { UpsertResult, WritableResource } from '../../engine/write-types.js';

type Outcome = keyof ItemCounts;

interface Seen {
  result: UpsertResult;
  /** The item's first plan entry (kept in dry runs, where a later write marks it). */
  entry?: PlanEntry;
  again: boolean;
}

/** Writes that count as a follow-up when the item was already written in this run. */
const WRITES: ReadonlySet<Outcome> = new Set(['created', 'recreated', 'updated']);

export class RunItems {
  readonly #seen = new Map<string, Seen>();
  /** Plan entries of writes not finished yet, by item (only the first write of an item keeps one). */
  readonly #entries = new Map<string, PlanEntry>();

  constructor(private readonly count: (outcome: Outcome) => void) {}

  /** Whether the item was already written (or planned, or found unchanged) in this run. */
  has(item: ItemRef): boolean {
    return this.#seen.has(keyOf(item));
  }

  /** The plan entry of the item's write in progress: a dry run's later write marks it. */
  planned(item: ItemRef, entry: PlanEntry): void {
    if (!this.has(item)) this.#entries.set(keyOf(item), entry);
  }

  /**
   * A dry run's second write of an item: its first entry is marked `updatedAgain` and counted once as
   * such, and the first result is returned. Undefined when the item was not seen yet (plan it as usual).
   */
  plannedAgain(item: ItemRef): UpsertResult | undefined {
    const seen = this.#seen.get(keyOf(item));
    if (!seen) return undefined;
    if (!seen.again && seen.entry && seen.entry.action !== 'skipped') {
      seen.again = true;
      seen.entry.updatedAgain = true;
      this.count('updatedAgain');
    }
    return seen.result;
  }

  /**
   * Counts a write's outcome: an item's first as itself, a later write that sent something as the item's
   * one follow-up. A failure is not counted here: the error message reported with it counts it, whenever
   * it happens (see glueflow-message.ts).
   */
  finish(item: ItemRef, outcome: Outcome, result: UpsertResult): UpsertResult {
    const key = keyOf(item);
    const seen = this.#seen.get(key);
    if (!seen) {
      const entry = this.#entries.get(key);
      this.#entries.delete(key);
      this.#seen.set(key, { result, ...(entry ? { entry } : {}), again: false });
      if (outcome !== 'failed') this.count(outcome);
    } else if (WRITES.has(outcome) && !seen.again) {
      seen.again = true;
      this.count('updatedAgain');
    }
    return result;
  }
}

export interface ItemRef {
  resourceType: WritableResource;
  sourceKey: string;
}

/** One source may be written as two kinds of record: those are two items. */
function keyOf(item: ItemRef): string {
  return `${item.resourceType}\u0000${item.sourceKey}`;
}
