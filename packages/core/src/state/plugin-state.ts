import type { StateStore } from './state-store.js';
import {
  validKey,
  type JournalEntry,
  type JournalRecord,
  type JsonValue,
  type Mapping,
  type Watermark,
} from './state-values.js';

/** One plugin's view of the state store: the StateStore API with the plugin filled in. */
export interface PluginState {
  readonly plugin: string;
  readonly mappings: {
    get(sourceKey: string): Promise<Mapping | undefined>;
    set(sourceKey: string, mapping: Mapping): Promise<void>;
    delete(sourceKey: string): Promise<void>;
    list(): AsyncIterable<[sourceKey: string, mapping: Mapping]>;
    count(): Promise<number>;
  };
  readonly journal: {
    begin(entry: Omit<JournalEntry, 'plugin'>): Promise<string>;
    complete(
      journalId: string,
      recordId: string,
      mapping?: { contentHash: string; updatedAt?: string },
    ): Promise<void>;
    abandon(journalId: string, reason: string): Promise<void>;
    get(journalId: string): Promise<JournalRecord | undefined>;
    pending(): Promise<JournalRecord[]>;
  };
  readonly watermarks: NamedValuesOf<Watermark>;
  readonly bookmarks: NamedValuesOf<JsonValue>;
  /** Runs `fn` as one transaction: every update inside lands together or not at all. */
  atomic<T>(fn: () => Promise<T>): Promise<T>;
}

export interface NamedValuesOf<Value> {
  get<T extends Value = Value>(name: string): Promise<T | undefined>;
  set(name: string, value: Value): Promise<void>;
  delete(name: string): Promise<boolean>;
  list(): AsyncIterable<[name: string, value: Value]>;
}

export function forPlugin(store: StateStore, plugin: string): PluginState {
  validKey(plugin, 'plugin', 'state store');
  const { mappings, journal, watermarks, bookmarks } = store;
  return Object.freeze({
    plugin,
    mappings: Object.freeze({
      get: (sourceKey: string) => mappings.get(plugin, sourceKey),
      set: (sourceKey: string, mapping: Mapping) => mappings.set(plugin, sourceKey, mapping),
      delete: (sourceKey: string) => mappings.delete(plugin, sourceKey),
      list: () => mappings.list(plugin),
      count: () => mappings.count(plugin),
    }),
    journal: Object.freeze({
      begin: (entry: Omit<JournalEntry, 'plugin'>) => journal.begin({ ...entry, plugin }),
      complete: (
        journalId: string,
        recordId: string,
        mapping?: { contentHash: string; updatedAt?: string },
      ) => journal.complete(journalId, recordId, mapping),
      abandon: (journalId: string, reason: string) => journal.abandon(journalId, reason),
      get: (journalId: string) => journal.get(journalId),
      pending: () => journal.pending(plugin),
    }),
    watermarks: Object.freeze({
      get: <T extends Watermark>(name: string) => watermarks.get<T>(plugin, name),
      set: (name: string, value: Watermark) => watermarks.set(plugin, name, value),
      delete: (name: string) => watermarks.delete(plugin, name),
      list: () => watermarks.list(plugin),
    }),
    bookmarks: Object.freeze({
      get: <T extends JsonValue>(name: string) => bookmarks.get<T>(plugin, name),
      set: (name: string, value: JsonValue) => bookmarks.set(plugin, name, value),
      delete: (name: string) => bookmarks.delete(plugin, name),
      list: () => bookmarks.list(plugin),
    }),
    atomic: <T>(fn: () => Promise<T>) => store.atomic(fn),
  });
}
