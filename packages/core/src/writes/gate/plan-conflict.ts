/**
 * Applying a saved plan (glueflow apply): a write the plan did not foresee — the source or the record
 * changed since — is refused with EPLAN_CONFLICT and the item fails; a record already as wanted passes.
 */
import { createError } from '../../errors/catalogue.js';
import type { GateRecord } from '../../engine/write-backend.js';
import type { UpsertRequest, UpsertResult } from '../../engine/write-types.js';
import type { Gate } from './gate-options.js';
import { sourceHashOf } from './plan-hashes.js';
import { wouldChange } from './update.js';

/** The refusal's result, or undefined when the write may go ahead (no plan, or the plan agrees). */
export function refuseUnplanned(
  gate: Gate,
  request: UpsertRequest,
  decided: UpsertRequest,
  existing: GateRecord | null,
): UpsertResult | undefined {
  const { options } = gate;
  const refusal = options.guard?.refusal({
    plugin: options.step.plugin,
    sourceKey: request.sourceKey,
    sourceHash: sourceHashOf(request, options.typeName, options.guard, gate.secretsOf(request)),
    action: existing ? 'update' : 'create',
    existing,
  });
  if (!refusal || (existing && !wouldChange(decided, existing))) return undefined;
  gate.plan(request, 'conflict', {
    reason: refusal,
    ...(existing ? { existing, recordId: existing.id } : {}),
  });
  const error = createError('EPLAN_CONFLICT', { sourceKey: request.sourceKey, reason: refusal });
  options.report?.({
    severity: 'error',
    code: error.code,
    reason: error.message,
    item: request.sourceKey,
    hint: error.hint,
  });
  return gate.finish(request, 'failed', { action: 'skipped', reason: refusal });
}
