export { StateStore, type StateStoreOptions } from './state-store.js';
export type { PluginState, NamedValuesOf } from './plugin-state.js';
export type { MappingTable } from './mapping-table.js';
export type { JournalTable } from './journal-table.js';
export type { WatermarkTable, BookmarkTable } from './named-values.js';
export type { JournalRecord, JournalStatus, Watermark, JsonValue } from './state-values.js';
export type { RunHistory } from './run-history.js';
export {
  DEFAULT_HISTORY_RETENTION,
  RECORDED_STATUSES,
  RUN_KINDS,
  WATCH_PIPELINE,
} from './run-history-types.js';
export type {
  HistoryRetention,
  RecordedMessage,
  RecordedStatus,
  RunFilter,
  RunKind,
  RunOutcome,
  RunRecord,
  RunStart,
} from './run-history-types.js';
