/**
 * A write to a record that exists (mapped, or adopted by its natural key): only the step's own
 * attributes are compared and sent — the records layer keeps the rest (traits above all) as they are
 * in IT Glue. No change → nothing sent; content written after the attributes (sections, images) is
 * redone when the request has an `afterWrite`.
 */
import type { GateRecord } from '../../engine/write-backend.js';
import { assertLockHeld } from '../../state/lock-context.js';
import type { UpsertRequest, UpsertResult } from '../../engine/write-types.js';
import { completeWrite, remember } from './after-write.js';
import { emitChange } from './change-events.js';
import type { Gate } from './gate-options.js';
import { diff, emptiedTraits } from './record-diff.js';

export async function updateExisting(
  gate: Gate,
  request: UpsertRequest,
  existing: GateRecord,
  hash: string,
): Promise<UpsertResult> {
  const { options } = gate;
  const changes = diff(existing, request.attributes);
  const warnings = emptiedTraits(existing, request.attributes);
  if (changes.length === 0 && request.afterWrite) {
    // The attributes match but the content written after them (sections, images) may not: redo it.
    changes.push({ field: 'content', before: '(as last written)', after: '(rewritten from source)' });
    gate.plan(request, 'update', { recordId: existing.id, existing, changes, warnings });
    if (options.dryRun) return gate.finish(request, 'updated', { action: 'updated', id: existing.id });
    const completed = await completeWrite(gate, request, existing);
    await remember(gate, request, completed, hash);
    await emitChange(gate, 'updated', request, completed, existing, changes);
    return gate.finish(request, 'updated', { action: 'updated', id: existing.id });
  }
  if (changes.length === 0) {
    gate.plan(request, 'unchanged', { recordId: existing.id, existing });
    await remember(gate, request, existing, hash);
    return gate.finish(request, 'unchanged', { action: 'unchanged', id: existing.id });
  }
  gate.plan(request, 'update', { recordId: existing.id, existing, changes, warnings });
  if (options.dryRun) return gate.finish(request, 'updated', { action: 'updated', id: existing.id });
  await assertLockHeld(); // a run that lost its pipeline lock sends nothing more (lock-context.ts)
  const updated = await completeWrite(
    gate,
    request,
    await options.records.update(request.resourceType, existing.id, request.attributes, existing),
  );
  await remember(gate, request, updated, hash);
  await emitChange(gate, 'updated', request, updated, existing, changes);
  return gate.finish(request, 'updated', { action: 'updated', id: updated.id });
}

/** Whether an update would send anything (a record already as wanted needs no plan to stay so). */
export function wouldChange(request: UpsertRequest, existing: GateRecord): boolean {
  return Boolean(request.afterWrite) || diff(existing, request.attributes).length > 0;
}
