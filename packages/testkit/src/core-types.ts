/** The core types the testkit's API speaks in, in one place. */
import type {
  DocumentCreatedEvent,
  EntityEvent,
  OrganizationUpdatedEvent,
  PasswordRotatedEvent,
} from '@glueflow/core';

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

/** Any event the engine fires: an entity event or one of the first-class ones. */
export type EmittableEventLike =
  EntityEvent | DocumentCreatedEvent | OrganizationUpdatedEvent | PasswordRotatedEvent;
