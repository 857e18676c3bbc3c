/**
 * What follows a successful create or update: the request's `afterWrite` (a document's sections, a
 * file's images) and the one extra update it may ask for; then the mapping (sourceKey → record, content
 * hash, fingerprint) that makes the next unchanged run cost nothing.
 */
import type { GateRecord } from '../../engine/write-backend.js';
import type { UpsertRequest } from '../../engine/write-types.js';
import type { Gate } from './gate-options.js';
import { fingerprintHashOf } from './plan-hashes.js';

/** Runs the request's afterWrite and the one extra update it may ask for. */
export async function completeWrite(
  { options }: Gate,
  request: UpsertRequest,
  record: GateRecord,
): Promise<GateRecord> {
  if (!request.afterWrite) return record;
  const more = await request.afterWrite(record);
  if (!more || Object.keys(more).length === 0) return record;
  return options.records.update(request.resourceType, record.id, more, record);
}

export async function remember(
  { options }: Gate,
  request: UpsertRequest,
  record: GateRecord,
  hash: string,
): Promise<void> {
  options.guard?.wrote(options.step.plugin, request.sourceKey, record.id);
  await options.mappings.set(options.step.plugin, request.sourceKey, {
    resourceType: request.resourceType,
    id: record.id,
    contentHash: hash,
    ...(record.updatedAt ? { updatedAt: record.updatedAt } : {}),
    ...(request.fingerprintOnly && request.fingerprint !== undefined
      ? { fingerprintHash: fingerprintHashOf(request) }
      : {}),
  });
}
