export { createITGlueClient } from './create-client.js';
export { ITGlueClient } from './itglue-client.js';
export type { ClientStats, HealthReport } from './itglue-client.js';
export type { ITGlueClientOptions } from './options.js';
export { REGION_URLS, resolveConnection, isLoopbackHost, isLoopbackAddress } from './connection.js';
export type { ITGlueRegion, ResolvedConnection } from './connection.js';
export { resolveApiKey, readOsKeychain, KEYCHAIN_SERVICE } from './api-key.js';
export type { KeychainReader, ResolvedApiKey } from './api-key.js';
export { RateBudget, PRIORITY_RANK } from './budget/rate-budget.js';
export type { Priority, Grant, RateBudgetOptions } from './budget/rate-budget.js';
export { SqliteRateBudgetStore } from './budget/sqlite-store.js';
export { MemoryRateBudgetStore } from './budget/memory-store.js';
export { openSharedBudget, keyIdOf, BUDGET_FILE } from './budget/registry.js';
export type {
  RateBudgetStore,
  BudgetLimits,
  BudgetSnapshot,
  BudgetState,
  AcquireResult,
  ThrottleEvent,
  HeaderReport,
  WindowFacts,
  SettleOutcome,
} from './budget/types.js';
export { CircuitBreaker } from './circuit-breaker.js';
// CircuitState is the same union as the engine's (hook-types.ts); the client's change event carries epoch ms.
export type {
  CircuitStateChange as CircuitTransition,
  CircuitSnapshot,
  CircuitBreakerOptions,
} from './circuit-breaker.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export type { ClientHooks, RequestEvent, RetryEvent, RateLimitedEvent } from './hooks.js';
export type { MetricsSnapshot } from './metrics.js';
export type { RetryOptions } from './retry-policy.js';
export { MAX_REQUEST_BYTES } from './transport.js';
export type { CallOptions, RawRequest, RawResponse, HttpMethod, QueryParams, Timeouts } from './transport.js';
export type { PageOptions } from './paginate.js';
export type { Filters, FilterValue, DateRange, ListQuery } from './query.js';
export type { ListParams, Id } from './resources/resource-base.js';
export * from './models/records.js';
export * from './models/assets.js';
export type * from './resources/inputs.js';
export {
  Organizations,
  Configurations,
  ConfigurationInterfaces,
  Contacts,
  Locations,
} from './resources/records.js';
export type { OrgScopedListParams } from './resources/records.js';
export { Passwords } from './resources/passwords.js';
export { Lookup, ReadOnlyLookup } from './resources/lookups.js';
export { FlexibleAssetTypes, FlexibleAssetFields, FlexibleAssets } from './resources/flexible-assets.js';
export type { FlexibleAssetListParams, UpdateTraitsOptions } from './resources/flexible-assets.js';
export type { UploadPolicy } from './resources/traits.js';
export { Documents, DocumentSections } from './resources/documents.js';
export type { CreateFromFileOptions } from './resources/documents.js';
export { Attachments } from './resources/attachments.js';
export type { UploadOptions, DownloadResult } from './resources/attachments.js';
export type { UploadSource } from './resources/upload-source.js';
export { RelatedItems } from './resources/related-items.js';
export { Logs } from './resources/logs.js';
export type { LogListParams } from './resources/logs.js';
export { GenericResource } from './resources/generic.js';
// Every record type, every spelling of it and every rule that depends on it: one table.
export {
  RESOURCE_TYPES,
  SPELLINGS,
  resourceType,
  resourceTypeOf,
  resourceNames,
  hookEntityOf,
} from './resource-types.js';
export type {
  ResourceTypeRow,
  ResourceType,
  ResourceRoute,
  ResourceTypeOf,
  ResourceFlag,
  ResourceNames,
  Spelling,
  WritableRoute,
  PsaSyncedType,
} from './resource-types.js';
export { PSA_WRITABLE, isPsaLocked, splitPsaWritable } from './models/psa-lock.js';
export { replaceSecrets, withoutSecrets, SECRET_PLACEHOLDER } from './secret-fields.js';
export type { SecretTraitKeys } from './secret-fields.js';
export { SECRET_RECORD_FIELDS, isSecretField, isSecretTraitName } from './secret-fields.js';
export { maxUploadBytes } from './resources/upload-source.js';
export { convertKeys, kebabCase } from './case.js';

// Errors: the one error class, the catalogue builder everyone uses, and this package's codes.
export * from './errors/index.js';
// Logging: any logger of this shape; one carrying a Redactor masks the key by value.
export { silentLogger, childLogger } from './logger.js';
export type { ClientLogger, ClientLogLevel, LogMeta } from './logger.js';
export {
  Redactor,
  redact,
  isSecretKey,
  REDACTED,
  serializeError,
  attachRedactor,
  registerSecret,
  redactorOf,
} from './redaction/index.js';
export type { RedactorOptions } from './redaction/index.js';
// The home folder: where the shared rate budget lives, and its safety rule.
export { resolveGlueflowHome, unsafeHomeReason, assertSafeFolder } from './home.js';
// How Glueflow's SQLite files are kept (private modes, busy retries): the budget's and core's storage.
export {
  SQLITE_FOLDER_MODE,
  SQLITE_FILE_MODE,
  preparePrivateFolder,
  preparePrivateFile,
  isSqliteBusy,
  retryWhileBusy,
} from './sqlite-access.js';
export type { BusyRetry } from './sqlite-access.js';
export type { RecordWrite, RecordWriteListener, WrittenRecord } from './record-writes.js';
export { RedisRateBudgetStore } from './budget/redis-store.js';
export type { RedisStoreOptions } from './budget/redis-store.js';
export { describeRedisUrl, REDIS_CLIENT_OPTIONS } from './redis-connection.js';
