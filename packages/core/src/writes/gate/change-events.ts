/**
 * After a write: the entity event (organization:updated, document:created, …) for the hooks and the
 * watch log — built by events.ts' entityEvent, with the before/after and changed fields of an update.
 * Types without hooks (locations) emit nothing.
 */
import { hookEntityOf, resourceType } from '@glueflow/itglue';
import type { EntityType } from '../../engine/events.js';
import { entityEvent } from '../../engine/events.js';
import type { FieldChange } from '../../engine/plan-types.js';
import type { GateRecord } from '../../engine/write-backend.js';
import type { UpsertRequest } from '../../engine/write-types.js';
import type { Gate } from './gate-options.js';

export async function emitChange(
  gate: Gate,
  action: 'created' | 'updated',
  request: UpsertRequest,
  record: GateRecord,
  before?: GateRecord,
  changes: FieldChange[] = [],
): Promise<void> {
  const { options } = gate;
  // The entity its events carry (RESOURCE_TYPES' `entity`), for types with hooks (not locations).
  const type = hookEntityOf(resourceType(request.resourceType)) as EntityType | undefined;
  if (!type) return;
  const at = (options.now?.() ?? new Date()).toISOString();
  const documentSource = (request.documentSource ?? options.documentSource) && type === 'flexible-asset';
  await options.emit(
    entityEvent({
      type,
      action,
      source: `pipeline:${options.run.pipeline}`,
      at,
      instance: options.run.instance,
      record,
      version: record.updatedAt ?? at,
      secretKeys: gate.secretsOf(request),
      sourceKey: request.sourceKey,
      plugin: options.step.plugin,
      ...(documentSource ? { documentSource: true } : {}),
      ...(action === 'updated' ? { before, changedFields: changes.map((c) => c.field) } : {}),
    }),
  );
}
