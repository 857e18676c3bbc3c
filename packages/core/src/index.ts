/**
 * @glueflow/core — the public API, as an explicit list. Deep imports are not supported.
 *
 * What is here: what plugins, the CLI and the testkit use, and the plugin-author API that
 * docs/plugins/authoring.md, docs/hooks.md and this package's README document. Everything else is
 * internal and may change in any release. api/core.api.md lists these names (scripts/api-report.mjs);
 * a test fails when this list and the report differ, so a change of surface is a reviewed diff.
 */

// Engine and hooks: the one place a plugin learns every event (engine/hooks.ts)
export { Engine } from './engine/engine.js';
export type { EngineOptions, RunOptions, StepServices, WriteScope } from './engine/engine.js';
export { mergeSummaries } from './engine/run-summary.js';
export { createHooks, HOOK_DEFINITIONS, STAGES } from './engine/hooks.js';
export type {
  EngineHooks,
  HookName,
  EntityHookMap,
  HookDefinition,
  HookKind,
  ListenerErrors,
  EntityRoute,
} from './engine/hooks.js';
export { ENTITY_TYPES, ENTITY_ACTIONS, hookNameOf } from './engine/events.js';
export type {
  EmittableEvent,
  EntityType,
  EntityAction,
  EntityEventKey,
  EntityEvent,
  EventRecord,
  EventSource,
  DocumentCreatedEvent,
  OrganizationUpdatedEvent,
  PasswordRotatedEvent,
} from './engine/events.js';
// What hook listeners and steps receive
export type {
  RunInfo,
  StepInfo,
  ItemCounts,
  MessageSeverity,
  MessagePlace,
  GlueflowMessage,
  ItemMessage,
  StepResult,
  RunStatus,
  Interruption,
  ResponseWarning,
  RequestStats,
  RunSummary,
  WriteAction,
  PlannedWrite,
  OrganizationReferenceKind,
  OrganizationReference,
  ResolvedOrganization,
  RequestInfo,
  RetryInfo,
  RateLimitedInfo,
  CircuitState,
  CircuitStateChange,
} from './engine/hook-types.js';

// A step and its ctx.itglue: reads, and writes only through the gate
export type { StepContext } from './engine/step-context.js';
export type {
  StepWrites,
  SourceProbe,
  UpsertRequest,
  UpsertResult,
  UpsertAction,
  WritableResource,
  FlexibleAssetFieldSpec,
  FlexibleAssetTypeSpec,
  EnsuredFlexibleAssetType,
  AttachableResource,
  AttachRequest,
  AttachResult,
  DocumentSectionSpec,
  DocumentUpsertRequest,
} from './engine/write-types.js';
export type { StepItGlue, ITGlueReader, CacheReader } from './engine/step-itglue.js';
export type { Mapping, MappingStore, JournalEntry, WriteJournal } from './engine/write-backend.js';
export { ON_DELETED, onDeletedOption } from './engine/on-deleted.js';
export type { OnDeleted } from './engine/on-deleted.js';
export { contentHash } from './engine/content-hash.js';
export { isPlannedId } from './engine/planned-records.js';

// Plans (glueflow plan / apply)
export type { Plan, PlanEntry, PlannedAction, FieldChange } from './engine/plan-types.js';

// Plugins
export {
  definePlugin,
  PLUGIN_API_VERSION,
  MIN_PLUGIN_API_VERSION,
  isGlueflowPlugin,
} from './plugins/contract.js';
export type { GlueflowPlugin, PluginDefinition, PluginHost, PluginLogger } from './plugins/contract.js';
export type { StepDefinition } from './plugins/step.js';
export type {
  PluginRoute,
  PluginRouteRequest,
  PluginRouteReply,
  PluginService,
  ServeServices,
  StepEntryRef,
  TriggerRequest,
  TriggerOutcome,
} from './plugins/serve-contract.js';
export { loadPlugins } from './plugins/load-plugins.js';
export type { LoadedPlugin } from './plugins/load-plugins.js';

// Configuration
export { loadConfig } from './config/load-config.js';
export type { LoadConfigOptions } from './config/load-config.js';
export { ConfigError } from './config/config-error.js';
export { defineConfig, configFileSchema, REGIONS } from './config/schema.js';
export type { ConfigFile, Region } from './config/schema.js';
export type { ResolvedConfig, PluginEntry, PipelineStepEntry } from './config/resolve-config.js';
export { configProblemJson } from './config/problems.js';
export type { ConfigProblem, ConfigProblemJson } from './config/problems.js';
export { closestName } from './config/did-you-mean.js';
export { secret, resolveSecret } from './config/secrets.js';
export { parseDurationMs, DURATION_PATTERN } from './config/duration.js';
export type { SecretRef, SecretSources } from './config/secrets.js';
export { maskSecretValues } from './config/secret-scan.js';
export { SEARCH_PLACES } from './config/load-file.js';

// Errors: core's catalogue; the error class and defineErrors() come from the client
export { ERROR_CATALOGUE, coreErrors, createError, saidWhere } from './errors/index.js';
export type { ErrorCode, ErrorExtras, ErrorText, SaidWhere } from './errors/index.js';

// Logging: winston with the one redaction step
export { createLogger } from './logging/index.js';
export type { CreateLoggerOptions, Logger, LogLevel } from './logging/index.js';

// Runtime: config → client → cache + state → engine (what the CLI and the testkit run)
export { Runtime, checkPlan } from './runtime/runtime.js';
export type { RuntimeOptions, RunResult, RuntimeRunOptions } from './runtime/runtime.js';
export { WATCHABLE_TYPES, watchedEventOf } from './runtime/change-watcher.js';
export { createWorkerPool, defaultWorkerThreads } from './workers/worker-pool.js';
export type { WorkerPool, WorkerPoolOptions } from './workers/worker-pool.js';

// Metadata cache
export {
  MetadataCache,
  CACHED_TYPES,
  DEFAULT_TTL_MS,
  clientCacheSource,
  followWrites,
} from './cache/index.js';
export type { CachedType, CachedRecord, CacheStats, RedisCacheOptions } from './cache/index.js';
// The instance's cache as the config says (Redis or its file), for commands that open it without a run
export { openInstanceCache } from './state/open-instance-state.js';

// Full-text search over the cache (docs/search.md)
export { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from './search/index.js';
export type { SearchHit, SearchQueryOptions, SearchResult, RebuildReport } from './search/index.js';

// State store, run history and run locks (one SQLite file per instance, or a shared Redis)
export { StateStore, RECORDED_STATUSES, RUN_KINDS, whileHolding, openInstanceState } from './state/index.js';
export type {
  RedisStateOptions,
  RedisRunLockOptions,
  RunLocks,
  HeldRunLock,
  RunLockHolder,
  PluginState,
  NamedValuesOf,
  JsonValue,
  RunHistory,
  RecordedStatus,
  RunFilter,
  RunKind,
  RunRecord,
} from './state/index.js';
export {
  GlueflowStorage,
  deleteStorageFiles,
  instanceFile,
  redisUrlOf,
  REDIS_URL_ENV,
} from './storage/index.js';
export { writeFileWithin, isWithin } from './files/index.js';

// From the IT Glue client (@glueflow/itglue), what plugins and the CLI use; the rest is imported from there.
export {
  createITGlueClient,
  ITGlueClient,
  GlueflowError,
  isGlueflowError,
  defineErrors,
  Redactor,
  resolveApiKey,
  readOsKeychain,
  KEYCHAIN_SERVICE,
  keyIdOf,
  MAX_REQUEST_BYTES,
  isPsaLocked,
  splitPsaWritable,
  replaceSecrets,
  SECRET_PLACEHOLDER,
  isLoopbackHost,
  describeRedisUrl,
  REDIS_CLIENT_OPTIONS,
} from '@glueflow/itglue';
export type { HealthReport } from '@glueflow/itglue';
