/**
 * A record that does not exist yet: journaled first (the journal survives a crash mid-create), then
 * created with createOnce — after an ambiguous failure (timeout, reset, 502 after commit) the record is
 * looked up by its natural key and adopted before any retry, so faults never duplicate. In a dry run
 * the create is planned and gets a `planned:` id later steps can build on.
 */
import { createOnce } from '../../engine/ambiguous.js';
import { plannedRecordId } from '../../engine/planned-records.js';
import { assertLockHeld } from '../../state/lock-context.js';
import type { GateRecord, NaturalKey } from '../../engine/write-backend.js';
import type { UpsertRequest, UpsertResult } from '../../engine/write-types.js';
import { completeWrite, remember } from './after-write.js';
import { emitChange } from './change-events.js';
import { scopeOf } from './gate-options.js';
import type { Gate } from './gate-options.js';
import { diff } from './record-diff.js';

const MAX_CREATE_ATTEMPTS = 3;

/** `deletedId`: the record this item had, deleted in IT Glue since — this create re-creates it. */
export async function create(
  gate: Gate,
  request: UpsertRequest,
  key: NaturalKey,
  hash: string,
  deletedId?: string,
): Promise<UpsertResult> {
  const { options } = gate;
  const outcome = deletedId === undefined ? 'created' : 'recreated';
  gate.plan(request, 'create', {
    changes: diff({ id: '' }, request.attributes),
    ...(deletedId === undefined ? {} : { reason: 'deleted in IT Glue', deletedRecordId: deletedId }),
    ...(request.afterWrite ? { completedAfterCreate: true } : {}),
  });
  if (options.dryRun) {
    options.planned?.add(options.step.plugin, request.sourceKey, request.resourceType);
    // The planned id lets the step treat the item as written (e.g. revisit files linking to it).
    const id = plannedRecordId(options.step.plugin, request.sourceKey);
    return gate.finish(request, outcome, { action: 'created', id });
  }
  const journalId = await options.journal.begin({
    plugin: options.step.plugin,
    sourceKey: request.sourceKey,
    resourceType: request.resourceType,
    naturalKey: key,
    payloadHash: hash,
  });
  const scope = scopeOf(request);
  let created: GateRecord;
  try {
    created = await createOnce(
      // A run that lost its pipeline lock (paused past its expiry) sends nothing more: ESTATE_LOCK_LOST.
      async () => {
        await assertLockHeld();
        return options.records.create(request.resourceType, request.attributes, scope);
      },
      () => options.records.findByNaturalKey(request.resourceType, key, { fresh: true }),
      MAX_CREATE_ATTEMPTS,
    );
  } catch (error) {
    await options.journal.abandon(journalId, (error as { code?: string }).code || String(error));
    throw error;
  }
  created = await completeWrite(gate, request, created);
  await options.journal.complete(journalId, created.id);
  await remember(gate, request, created, hash);
  await emitChange(gate, 'created', request, created);
  return gate.finish(request, outcome, { action: 'created', id: created.id });
}
