import type { Store } from './store/store.js';
import type { StatsRecorder } from './stats.js';

/** What request handlers and write operations share. One per running emulator, never module-level. */
export interface EmulatorContext {
  store: Store;
  stats: StatsRecorder;
  /** http://127.0.0.1:<port>, known once the server listens. */
  baseUrl: string;
  now(): number;
  log(line: string): void;
  /** Resolves once every change so far is persisted (immediately when in memory). */
  flush(): Promise<void>;
}

/** RFC3339 with milliseconds, like IT Glue's `2026-11-23T08:15:02.123Z`. */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString();
}
