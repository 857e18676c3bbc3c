export { StateStore, type StateStoreOptions, type RedisStateOptions } from './state-store.js';
export { whileHolding } from './lock-context.js';
export type { RunLocks, HeldRunLock, RunLockHolder, AcquireOptions } from './run-lock.js';
export type { RedisRunLockOptions } from './redis/redis-run-locks.js';
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
export { openInstanceState } from './open-instance-state.js';
