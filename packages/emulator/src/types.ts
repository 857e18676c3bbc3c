/** Public types of @glueflow/emulator. Kept in one place so the contract reads top to bottom. */

/** The fault kinds the emulator can inject, one per API request at most. */
export type FaultKind = '500' | '502' | '503' | '504' | 'reset' | 'slow' | 'commit-then-fail' | '429';

export const FAULT_KINDS: readonly FaultKind[] = [
  '500',
  '502',
  '503',
  '504',
  'reset',
  'slow',
  'commit-then-fail',
  '429',
];

export type RetryAfterMode = 'seconds' | 'http-date' | 'none';

/** A targeted fault: the next `count` API requests matching method and path prefix get it. */
export interface FaultRule {
  kind: FaultKind;
  /** How many matching requests get the fault (default 1). */
  count?: number;
  /** HTTP method to match (case-insensitive); any when absent. */
  method?: string;
  /** Prefix of the request pathname to match; any when absent. */
  path?: string;
  /** For `slow`: delay in ms (default: the config's slowMs, else 2000). */
  delayMs?: number;
  /** For `429`: Retry-After style (default: the rate limit's). */
  retryAfter?: RetryAfterMode;
}

export interface FaultConfig {
  /** Probability per API request of each kind, drawn from the seeded PRNG. */
  rates?: Partial<Record<FaultKind, number>>;
  /** Delay of the `slow` fault (default 2000 ms). */
  slowMs?: number;
  /** Targeted rules, consumed like enqueued faults. */
  rules?: FaultRule[];
}

export interface RateLimitOptions {
  requests: number;
  windowSeconds: number;
  retryAfter?: RetryAfterMode;
  /** Add X-RateLimit-Limit/Remaining/Reset to every API response (real IT Glue's are unconfirmed). */
  headers?: boolean;
}

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Accepted x-api-key values (default ['ITG.emulator']). */
  apiKeys?: string[];
  /** Sliding window per key (default 3000 requests / 300 s, Retry-After in seconds). */
  rateLimit?: RateLimitOptions;
  /** Seeded random faults: a spec string ("500:0.03,reset:0.01,slowMs=2000") or a config. */
  faults?: string | FaultConfig;
  /** Fixed latency added to every API response (real IT Glue answers in ~300 ms). */
  latencyMs?: number;
  /** PRNG seed for faults and generated data (default 1). */
  seed?: number;
  /** Realistic seed data generated at start. */
  generate?: { organizations: number; perOrganization: number };
  /** SQLite file; state survives restarts. In memory when absent. */
  db?: string;
  logger?: (line: string) => void;
}

/** Runtime-changeable settings (PATCH /__emulator/config). */
export interface EmulatorConfigPatch {
  rateLimit?: Partial<RateLimitOptions>;
  faults?: string | FaultConfig | null;
  latencyMs?: number;
  apiKeys?: string[];
}

export interface EmulatorStats {
  requests: { total: number; byStatus: Record<string, number>; byMethod: Record<string, number> };
  /** 429 answers, from the limiter or injected. */
  rateLimited: number;
  /** The most accepted API requests seen in any rate window for one key. */
  maxInWindow: number;
  faultsInjected: Record<FaultKind, number>;
  /** API write requests whose change was applied (including commit-then-fail ones). */
  writesApplied: number;
  /** Records created, updated and deleted through the API. */
  creates: number;
  updates: number;
  deletes: number;
}

/** A resource as the API answers it. */
export interface JsonApiResource {
  id: string;
  type: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, { data: { id: string; type: string }[] }>;
}

/** Every record by JSON:API type (`organizations`, `flexible-assets`, …), password values included. */
export type StateDump = Record<string, JsonApiResource[]>;

export interface SeedRequest {
  organizations: number;
  perOrganization: number;
  seed?: number;
}

export interface SeedResult {
  organizations: number;
  configurations: number;
  contacts: number;
  locations: number;
  passwords: number;
  flexibleAssets: number;
}

/** Operations outside the API: the same ones the HTTP admin API under /__emulator/ offers. */
export interface EmulatorAdmin {
  reset(): Promise<void>;
  dump(): Promise<StateDump>;
  stats(): EmulatorStats;
  resetStats(): void;
  configure(patch: EmulatorConfigPatch): void;
  /** Change a record as a person in the web UI would (bumps updated-at, logs it, ignores PSA locks). */
  mutate(type: string, id: string | number, attributes: Record<string, unknown>): Promise<JsonApiResource>;
  /** Delete a record as a person would (logged). */
  remove(type: string, id: string | number): Promise<void>;
  /** Bulk insert without HTTP or logs (benches); returns the new ids. */
  insert(type: string, attributes: Record<string, unknown>[]): Promise<string[]>;
  seed(request: SeedRequest): Promise<SeedResult>;
  enqueueFault(rule: FaultRule): void;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:43123, no trailing slash. */
  url: string;
  port: number;
  admin: EmulatorAdmin;
  stop(): Promise<void>;
}
