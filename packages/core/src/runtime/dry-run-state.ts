/**
 * A dry run's view of a plugin's state, decided here once instead of by a `dryRun` check beside every
 * write: reads see the store — plus what this dry run would create (planned-records.ts) — and writes
 * land in memory, forgotten when the run ends. A dry run must leave the store as it found it: a
 * plugin that moves a watermark, remembers a match or adopts a record in a dry run would otherwise
 * change what the real run does. Within the dry run every write is visible to later reads, so the
 * plan is built on the same state the real run would build it on.
 */
import type { PlannedRecords } from '../engine/planned-records.js';
import type { NamedValuesOf, PluginState } from '../state/plugin-state.js';
import type { Mapping } from '../state/state-values.js';

/** What one plugin's dry run wrote: a value, or `null` for a delete. */
export interface DryRunWrites {
  readonly mappings: Map<string, Mapping | null>;
  readonly watermarks: Map<string, unknown>;
  readonly bookmarks: Map<string, unknown>;
}

export function emptyDryRunWrites(): DryRunWrites {
  return { mappings: new Map(), watermarks: new Map(), bookmarks: new Map() };
}

export function dryRunState(state: PluginState, writes: DryRunWrites, planned: PlannedRecords): PluginState {
  const { mappings } = state;
  const plannedNow = () => planned.of(state.plugin);
  // A planned create wins over a stored mapping: that mapping's record was deleted in IT Glue, and
  // the plan re-creates it. What the dry run itself wrote wins over both.
  const stored = async (sourceKey: string) => plannedNow().get(sourceKey) ?? (await mappings.get(sourceKey));
  async function* listMappings(): AsyncIterable<[string, Mapping]> {
    const planned = plannedNow();
    for await (const [sourceKey, mapping] of mappings.list()) {
      if (!planned.has(sourceKey) && !writes.mappings.has(sourceKey)) yield [sourceKey, mapping];
    }
    for (const [sourceKey, mapping] of planned)
      if (!writes.mappings.has(sourceKey)) yield [sourceKey, mapping];
    for (const [sourceKey, mapping] of writes.mappings) if (mapping) yield [sourceKey, mapping];
  }
  let journalIds = 0;
  return Object.freeze({
    plugin: state.plugin,
    mappings: Object.freeze({
      get: async (sourceKey: string) => {
        const written = writes.mappings.get(sourceKey);
        return written === null ? undefined : (written ?? (await stored(sourceKey)));
      },
      set: async (sourceKey: string, mapping: Mapping) => void writes.mappings.set(sourceKey, mapping),
      delete: async (sourceKey: string) => void writes.mappings.set(sourceKey, null),
      list: listMappings,
      count: async () => {
        let count = 0;
        for await (const _entry of listMappings()) count += 1;
        return count;
      },
    }),
    // Nothing is sent in a dry run, so there is no intent to record; ids are the dry run's own.
    journal: Object.freeze({
      begin: async () => `dry-run:${++journalIds}`,
      complete: async () => undefined,
      abandon: async () => undefined,
      get: async () => undefined,
      pending: () => state.journal.pending(),
    }),
    watermarks: overlay(state.watermarks, writes.watermarks),
    bookmarks: overlay(state.bookmarks, writes.bookmarks),
    atomic: <T>(fn: () => Promise<T>) => fn(),
  }) as PluginState;
}

function overlay<Value>(real: NamedValuesOf<Value>, written: Map<string, unknown>): NamedValuesOf<Value> {
  return Object.freeze({
    get: async <T extends Value = Value>(name: string) => {
      if (!written.has(name)) return real.get<T>(name);
      const value = written.get(name);
      return value === null ? undefined : (value as T);
    },
    set: async (name: string, value: Value) => void written.set(name, value),
    delete: async (name: string) => {
      const had = written.has(name) ? written.get(name) !== null : (await real.get(name)) !== undefined;
      written.set(name, null);
      return had;
    },
    list: async function* (): AsyncIterable<[string, Value]> {
      for await (const [name, value] of real.list()) if (!written.has(name)) yield [name, value];
      for (const [name, value] of written) if (value !== null) yield [name, value as Value];
    },
  });
}
