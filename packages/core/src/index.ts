/** @glueflow/core — the curated public API. Deep imports are not supported. */

// Engine and hooks
export { Engine } from './engine/engine.js';
export type { EngineOptions, RunOptions, StepServices, WriteScope } from './engine/engine.js';
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
export { ENTITY_TYPES, ENTITY_ACTIONS, toEventRecord, hookNameOf } from './engine/events.js';
export type {
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
export type * from './engine/hook-types.js';
export type { StepContext } from './engine/step-context.js';
export type { EmittableEvent } from './engine/event-emitter.js';
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
export { WriteGate, diff as diffRecord } from './engine/write-gate.js';
export type { WriteGateOptions } from './engine/write-gate.js';
export type {
  GateRecord,
  NaturalKey,
  RecordBackend,
  RecordScope,
  Mapping,
  MappingStore,
  JournalEntry,
  WriteJournal,
} from './engine/write-backend.js';
export { PLAN_FORMAT_VERSION } from './engine/plan-types.js';
export { ON_DELETED, onDeletedOption } from './engine/on-deleted.js';
export type { OnDeleted } from './engine/on-deleted.js';
export type { Plan, PlanEntry, PlannedAction, FieldChange } from './engine/plan-types.js';
export { contentHash } from './engine/content-hash.js';

// Plugins
export {
  definePlugin,
  PLUGIN_API_VERSION,
  MIN_PLUGIN_API_VERSION,
  isGlueflowPlugin,
} from './plugins/contract.js';
export type { GlueflowPlugin, PluginDefinition, PluginHost, PluginLogger } from './plugins/contract.js';
export type { StepDefinition, RegisteredStep } from './plugins/step.js';
export { loadPlugins } from './plugins/load-plugins.js';
export type { LoadedPlugin } from './plugins/load-plugins.js';

// Configuration
export { loadConfig } from './config/load-config.js';
export type { LoadConfigOptions } from './config/load-config.js';
export { ConfigError } from './config/config-error.js';
export { defineConfig, configFileSchema, REGIONS } from './config/schema.js';
export type { ConfigFile, Region } from './config/schema.js';
export type { ResolvedConfig, PluginEntry, PipelineStepEntry, ConfigFlags } from './config/resolve-config.js';
export { formatProblems } from './config/problems.js';
export { closestName, didYouMean } from './config/did-you-mean.js';
export type { ConfigProblem } from './config/problems.js';
export { secret, resolveSecret } from './config/secrets.js';
export type { SecretRef, SecretSources } from './config/secrets.js';
export { resolveGlueflowHome } from './config/paths.js';
export { maskSecretValues, isSecretRef, maskUrlCredentials } from './config/secret-scan.js';

// IT Glue client (rate budget, retries, circuit breaker, typed resources)
export * from '@glueflow/itglue';

// Errors: the one catalogue of codes (the error class and defineErrors come with the client above)
export { ERROR_CATALOGUE, coreErrors, createError, saidWhere } from './errors/index.js';
export type { ErrorCode, ErrorContext, SaidWhere } from './errors/index.js';

// Logging: winston factory with the one redaction step
export * from './logging/index.js';

// Metadata cache and state store (one SQLite file per instance, keyv + @keyv/sqlite)
export * from './cache/index.js';
export * from './state/index.js';
export * from './storage/index.js';

// Runtime: config → client → cache + state → engine (what the CLI and the testkit run)
export { Runtime, checkPlan } from './runtime/runtime.js';
export type { RuntimeOptions, RunResult, RuntimeRunOptions } from './runtime/runtime.js';
export { PlanGuard } from './engine/plan-guard.js';
export { WATCHABLE_TYPES, watchedEventOf } from './runtime/change-watcher.js';
export type { WatchOptions, WatchReport, WatchedEvent, WatchableType } from './runtime/change-watcher.js';
export { nameKeyOf } from './runtime/flexible-asset-types.js';
export { configJsonSchema, CONFIG_SCHEMA_ID } from './config/json-schema.js';
export { SEARCH_PLACES } from './config/load-file.js';
export { createWorkerPool, defaultWorkerThreads } from './workers/worker-pool.js';
export type { WorkerPool, WorkerPoolOptions } from './workers/worker-pool.js';
export type { SerializedError } from './workers/worker-protocol.js';
export { isPlannedId, plannedRecordId } from './engine/planned-records.js';
export * from './files/index.js';
