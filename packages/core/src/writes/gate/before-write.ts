/**
 * The beforeWrite hook: plugins see each write the gate is about to make (create or update, with the
 * attributes) and may change the attributes or veto it.
 */
import type { PlannedWrite } from '../../engine/hook-types.js';
import type { GateRecord } from '../../engine/write-backend.js';
import type { UpsertRequest } from '../../engine/write-types.js';
import type { Gate } from './gate-options.js';

export async function applyBeforeWrite(
  { options }: Gate,
  request: UpsertRequest,
  existing: GateRecord | null,
): Promise<UpsertRequest | { veto: string }> {
  const planned: PlannedWrite = {
    plugin: options.step.plugin,
    step: options.step.step,
    sourceKey: request.sourceKey,
    resourceType: request.resourceType,
    action: existing ? 'update' : 'create',
    ...(existing ? { recordId: existing.id } : {}),
    ...(request.organizationId ? { organizationId: request.organizationId } : {}),
    attributes: request.attributes,
  };
  const result = (await options.hooks.beforeWrite.promise(planned)) ?? planned;
  if (result.veto) return { veto: result.veto };
  return { ...request, attributes: result.attributes };
}
