/**
 * The event payloads that the engine's entity hooks carry. One shape for every entity type, so a
 * listener on `onEntityEvent` can handle all of them and a listener on a first-class hook gets the
 * same fields plus a narrower `type`.
 */
import { resourceNames, withoutSecrets } from '@glueflow/itglue';
import type { ResourceNames, SecretTraitKeys } from '@glueflow/itglue';

/**
 * IT Glue record kinds that produce change events (kebab-case singular, as in hook keys): the
 * RESOURCE_TYPES rows with `hooks`, by their `entity` name.
 */
export const ENTITY_TYPES: readonly EntityType[] = resourceNames('hooks', 'entity');
export type EntityType = ResourceNames<'hooks', 'entity'>;

export const ENTITY_ACTIONS = ['created', 'updated', 'deleted'] as const;
export type EntityAction = (typeof ENTITY_ACTIONS)[number];

/** `"<type>:<action>"`, the key of `hooks.entity`. */
export type EntityEventKey = `${EntityType}:${EntityAction}`;

/** Where an event came from: a pipeline run, or the change watcher polling IT Glue. */
export type EventSource = `pipeline:${string}` | 'watch';

/** A record as events carry it: camelCase attributes, never a password value. */
export interface EventRecord {
  id: string;
  name?: string | null;
  organizationId?: string | null;
  updatedAt?: string | null;
  [attribute: string]: unknown;
}

export interface EntityEvent<T extends EntityType = EntityType, A extends EntityAction = EntityAction> {
  /** Stable across re-deliveries of the same change: the dedup key for at-least-once delivery. */
  id: string;
  type: T;
  action: A;
  source: EventSource;
  /** ISO-8601 time the engine observed or caused the change. */
  at: string;
  /** The IT Glue instance (config `instances` key; `default` for a single `instance`). */
  instance: string;
  /** IT Glue id of the record. */
  recordId: string;
  /** The record after the change (before it, for deletions). Never carries secret values. */
  record: EventRecord;
  /** For updates: the record before the change, when known. */
  before?: EventRecord;
  /** For updates: the record after the change. */
  after?: EventRecord;
  /** For updates: camelCase attribute names whose values differ between `before` and `after`. */
  changedFields?: string[];
  /** The pipeline source key (file path, PSA id, Message-ID …) that produced a pipeline write. */
  sourceKey?: string;
  /** The plugin whose step caused the change, for pipeline events. */
  plugin?: string;
  /** Set on flexible assets written from a document source (markdown …): they fire onDocumentCreated. */
  documentSource?: boolean;
}

/** A document, or a flexible asset created from a document source (markdown …), now exists. */
export type DocumentCreatedEvent = EntityEvent<'document' | 'flexible-asset', 'created'>;

export type OrganizationUpdatedEvent = EntityEvent<'organization', 'updated'> & {
  before?: EventRecord;
  after: EventRecord;
  changedFields: string[];
};

/**
 * A password's value changed: `password-updated-at` moved. Metadata only — there is deliberately
 * no field that could carry the value.
 */
export type PasswordRotatedEvent = EntityEvent<'password', 'updated'> & {
  passwordUpdatedAt: string;
  previousPasswordUpdatedAt?: string | null;
};

/**
 * Strip secret values (a password's value, a flexible asset's Password-kind traits) from a record
 * before it goes into an event. `secretTraits`: the type's Password-kind keys, when known.
 */
export function toEventRecord(
  record: Record<string, unknown> & { id: string },
  secretTraits?: SecretTraitKeys,
): EventRecord {
  return withoutSecrets({ ...record, id: String(record.id) }, secretTraits) as EventRecord;
}

/**
 * The name an event is shown under (`glueflow watch`, the demo, watch reports): the first-class hook it
 * goes to (onPasswordRotated, onOrganizationUpdated, onDocumentCreated), else its `<type>:<action>` key.
 */
export function hookNameOf(event: EntityEvent): string {
  if (event.type === 'password' && 'passwordUpdatedAt' in event) return 'onPasswordRotated';
  if (event.type === 'organization' && event.action === 'updated') return 'onOrganizationUpdated';
  if (event.type === 'document' && event.action === 'created') return 'onDocumentCreated';
  return `${event.type}:${event.action}`;
}
