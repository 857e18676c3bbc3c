/**
 * The event payloads that the engine's entity hooks carry. One shape for every entity type, so a
 * listener on `onEntityEvent` can handle all of them and a listener on a first-class hook gets the
 * same fields plus a narrower `type`.
 */
import { resourceNames, withoutSecrets } from '@glueflow/itglue';
import type { ItGlueRecord, ResourceNames, SecretTraitKeys } from '@glueflow/itglue';
import { contentHash } from './content-hash.js';
import { HOOK_DEFINITIONS } from './hooks.js';
import type { EntityHookName, HookDefinition } from './hooks.js';

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

/** A record as events carry it: the client's record shape, with password values stripped. */
export type EventRecord = ItGlueRecord;

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

/** Any entity event, as the engine delivers it: the first-class hooks' narrower shapes included. */
export type EmittableEvent =
  EntityEvent | DocumentCreatedEvent | OrganizationUpdatedEvent | PasswordRotatedEvent;

type RecordLike = Record<string, unknown> & { id: string | number };

/**
 * Strip secret values (a password's value, a flexible asset's Password-kind traits) from a record
 * before it goes into an event. `secretKeys`: the type's Password-kind keys, when known.
 */
export function toEventRecord(record: RecordLike, secretKeys?: SecretTraitKeys): EventRecord {
  return withoutSecrets({ ...record, id: String(record.id) }, secretKeys) as EventRecord;
}

/** A change as the write gate, `attach` or the watcher saw it; `entityEvent` makes the event of it. */
export interface EntityChange extends Pick<
  EntityEvent,
  | 'type'
  | 'action'
  | 'source'
  | 'at'
  | 'instance'
  | 'changedFields'
  | 'sourceKey'
  | 'plugin'
  | 'documentSource'
> {
  /** The record after the change (before it, for a deletion), as read: its secrets are stripped here. */
  record: RecordLike;
  /** For updates: the record before the change, when known. */
  before?: RecordLike;
  /**
   * What tells this change from another change of the same record (its updated-at; for a deletion the
   * activity-log entry): part of the event id, so a change seen twice has one id.
   */
  version?: string;
  /** The type's Password-kind trait keys, when known. */
  secretKeys?: SecretTraitKeys;
  /** A password whose value moved (it goes to onPasswordRotated): the new and previous `passwordUpdatedAt`. */
  rotation?: Pick<PasswordRotatedEvent, 'passwordUpdatedAt' | 'previousPasswordUpdatedAt'>;
}

/**
 * The one way an entity event is made (the write gate's writes, `watch`'s changes and deletions). Its
 * id hashes instance, type, record, action and version: `watch`, a retried delivery and a later `serve`
 * recognise the same change by it. An update carries `after` (the record), `changedFields`, and
 * `before` when known.
 */
export function entityEvent(change: EntityChange): EmittableEvent {
  const { record, before, version, secretKeys, rotation, changedFields, ...fields } = change;
  const recordId = String(record.id);
  const after = toEventRecord(record, secretKeys);
  const identity = [change.instance, change.type, recordId, change.action];
  return {
    id: contentHash(version === undefined ? identity : [...identity, version]).slice(0, 32),
    ...fields,
    recordId,
    record: after,
    ...(change.action === 'updated'
      ? {
          ...(before ? { before: toEventRecord(before, secretKeys) } : {}),
          after,
          changedFields: changedFields ?? [],
        }
      : {}),
    ...rotation,
  } as EmittableEvent;
}

/** The `hooks.entity` key of an event: `"<type>:<action>"`. */
export const eventKeyOf = (event: EntityEvent): EntityEventKey => `${event.type}:${event.action}`;

/** One delivery of an event: the hook, and the name the run summary counts it under (`entity`'s is the key). */
export interface EventDelivery {
  hook: EntityHookName;
  name: string;
}

/** The hooks an event reaches, in delivery order, as HOOK_DEFINITIONS routes it. */
export function deliveriesOf(event: EntityEvent): EventDelivery[] {
  const key = eventKeyOf(event);
  const out: EventDelivery[] = [];
  for (const [hook, definition] of Object.entries(HOOK_DEFINITIONS) as Array<[string, HookDefinition]>) {
    if (definition.kind !== 'entity' || !hears(definition.events, event, key)) continue;
    out.push({ hook: hook as EntityHookName, name: hook === 'entity' ? key : hook });
  }
  return out;
}

function hears(events: HookDefinition['events'], event: EntityEvent, key: EntityEventKey): boolean {
  if (events === 'every') return true;
  return (events ?? []).some((route) => {
    if (route.key !== key) return false;
    const mark = route.marked && (event as unknown as Record<string, unknown>)[route.marked];
    return !route.marked || (mark !== undefined && mark !== false);
  });
}

/**
 * The name an event is shown under (`glueflow watch`, the demo, watch reports): the first hook it is
 * delivered to — its first-class hook (onDocumentCreated, onOrganizationUpdated, onPasswordRotated) if
 * it has one, else its `<type>:<action>` key.
 */
export function hookNameOf(event: EntityEvent): string {
  return deliveriesOf(event)[0]?.name ?? eventKeyOf(event);
}
