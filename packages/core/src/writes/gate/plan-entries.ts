/**
 * A decision of the gate as a plan entry: what would be sent (secret values masked — plans are
 * written to disk), the field changes, the source hash a saved plan is checked against, and marks
 * (deleted in IT Glue, completed after create, updated again). Every decision makes one, in real runs too.
 */
import type { FieldChange, PlanEntry } from '../../engine/plan-types.js';
import type { GateRecord } from '../../engine/write-backend.js';
import type { UpsertRequest } from '../../engine/write-types.js';
import type { Gate } from './gate-options.js';
import { maskSecretChange, planRequest, sourceHashOf } from './plan-hashes.js';

export type PlanExtra = {
  recordId?: string;
  existing?: GateRecord;
  changes?: FieldChange[];
  warnings?: string[];
} & Pick<PlanEntry, 'reason' | 'deletedRecordId' | 'completedAfterCreate'>;

export function planEntry(
  gate: Gate,
  request: UpsertRequest,
  action: PlanEntry['action'],
  extra: PlanExtra,
): void {
  const { options, items } = gate;
  const secrets = gate.secretsOf(request);
  const { recordId, existing, changes = [], warnings = [], ...marks } = extra;
  const entry: PlanEntry = {
    plugin: options.step.plugin,
    step: options.step.step,
    sourceKey: request.sourceKey,
    action,
    // Plans are written to disk: secret values (a password being set) never go into them.
    request: planRequest(request, secrets),
    ...(recordId ? { recordId } : {}),
    ...(existing?.updatedAt ? { recordUpdatedAt: existing.updatedAt } : {}),
    sourceHash: sourceHashOf(request, options.typeName, options.guard, secrets),
    changes: changes.map((change) => maskSecretChange(change, secrets)),
    warnings,
    ...marks,
    // A real run's second write of an item (a dry run never gets here twice: see upsert).
    ...(items.has(request) ? { updatedAgain: true } : {}),
  };
  items.planned(request, entry);
  options.onPlanEntry?.(entry);
}
