export { StateStore, type StateStoreOptions } from './state-store.js';
export type { PluginState, NamedValuesOf } from './plugin-state.js';
export type { MappingTable } from './mapping-table.js';
export type { JournalTable } from './journal-table.js';
export type { WatermarkTable, BookmarkTable } from './named-values.js';
export type { JournalRecord, JournalStatus, Watermark, JsonValue } from './state-values.js';
