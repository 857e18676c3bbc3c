/** Everything createITGlueClient() accepts, with the defaults the issue and the seeds fix. */
import type { ClientLogger as Logger } from './logger.js';
import type { KeychainReader } from './api-key.js';
import type { Priority } from './budget/rate-budget.js';
import type { RateBudgetStore } from './budget/types.js';
import type { Clock } from './clock.js';
import type { ClientHooks } from './hooks.js';
import type { RetryOptions } from './retry-policy.js';

export interface ITGlueClientOptions {
  /** Instance name: the keychain account and a field on every log line. Default `default`. */
  instance?: string;
  /** `us` (default), `eu` or `au`. */
  region?: string;
  /** Base URL overriding the region; plain http only on loopback. */
  url?: string;
  /** Explicit key (programmatic use); otherwise ITGLUE_API_KEY, then the OS keychain. */
  apiKey?: string;
  /** Environment to read ITGLUE_* and GLUEFLOW_HOME from. Default process.env (read when called, never at import). */
  env?: Record<string, string | undefined>;
  /** Keychain reader (tests), or false to skip the keychain. Default @napi-rs/keyring. */
  keychain?: KeychainReader | false;
  /** Folder of rate-budget.sqlite. Default GLUEFLOW_HOME, else $XDG_CACHE_HOME/glueflow, else ~/.cache/glueflow. */
  home?: string;
  /** Default 3000 requests / 300 s. */
  rateLimit?: { requests?: number; windowSeconds?: number; marginMs?: number; recoverAfterMs?: number };
  /** A custom budget store; default the SQLite file under `home` (or Redis with `redisUrl`). */
  budgetStore?: RateBudgetStore;
  /**
   * `redis://` / `rediss://` URL: the budget lives in Redis, shared by every process on every machine
   * using it (one store per URL per process). Needs the `ioredis` package. Ignored with `budgetStore`.
   */
  redisUrl?: string;
  /** Requests in flight at most. Default 8. */
  concurrency?: number;
  /** Default connect 30 000 ms, response 60 000 ms; overridable per call. */
  timeouts?: { connectMs?: number; responseMs?: number };
  retry?: RetryOptions;
  /** Default: opens after 5 consecutive failed calls, probes after 60 s. */
  circuitBreaker?: { failureThreshold?: number; halfOpenAfterMs?: number };
  /** Priority of calls that do not say. Default `interactive`. */
  defaultPriority?: Priority;
  hooks?: ClientHooks;
  /**
   * Any logger of this shape (winston's fits; see logger.ts). One carrying a redactor (core's
   * createLogger()) masks the key by value too. Default: silent.
   */
  logger?: Logger;
  clock?: Clock;
  userAgent?: string;
}

export const DEFAULTS = {
  instance: 'default',
  concurrency: 8,
  connectMs: 30_000,
  responseMs: 60_000,
  requests: 3000,
  windowSeconds: 300,
  failureThreshold: 5,
  halfOpenAfterMs: 60_000,
  retry: { retries: 4, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 600_000 },
  userAgent: 'glueflow (+https://github.com/glueflow/glueflow)',
} as const;
