/**
 * A mapped record a person deleted in IT Glue, with the step's `onDeleted: report`: left deleted,
 * mapping kept, a warning every run until a person decides (`recreate`, the default, goes through
 * create.ts and counts `recreated`).
 */
import { resourceType } from '@glueflow/itglue';
import { createError } from '../../errors/catalogue.js';
import type { Mapping } from '../../engine/write-backend.js';
import type { UpsertRequest, UpsertResult } from '../../engine/write-types.js';
import type { Gate } from './gate-options.js';

export function reportDeleted(gate: Gate, request: UpsertRequest, deleted: Mapping): UpsertResult {
  const error = createError('EDELETED_IN_ITGLUE', {
    sourceKey: request.sourceKey,
    record: `${resourceType(request.resourceType).entity} #${deleted.id}`,
  });
  gate.plan(request, 'skipped', {
    reason: 'deleted in IT Glue; onDeleted: report',
    deletedRecordId: deleted.id,
  });
  gate.options.report?.({
    severity: 'warning',
    code: error.code,
    reason: error.message,
    item: request.sourceKey,
    hint: error.hint,
  });
  return gate.finish(request, 'skipped', { action: 'skipped', reason: error.message });
}
