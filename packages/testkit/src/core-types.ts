/** The core types the testkit's API speaks in, in one place. */
import type { EmittableEvent } from '@glueflow/core';

export type {
  GlueflowPlugin,
  ITGlueClient,
  PipelineStepEntry,
  Plan,
  PlanEntry,
  PluginEntry,
  ResolvedConfig,
  RunSummary,
} from '@glueflow/core';

/** Any event the engine fires: an entity event or one of the first-class ones (core's EmittableEvent). */
export type EmittableEventLike = EmittableEvent;
