/**
 * `adopt`: a step says "this source item is that record" (found by its own means: an id in front matter,
 * a PSA link) without writing it. The mapping is recorded with a hash no content has, so the next upsert
 * compares with the live record and updates only what differs. Plugins no longer forge the gate's
 * bookkeeping ('matched', 'seeded-from-front-matter').
 */
import type { MappingStore } from '../engine/write-backend.js';
import type { WritableResource } from '../engine/write-types.js';

/** The content hash of an adopted record's mapping: matches no content, so the next write compares live. */
const ADOPTED = 'adopted';

export async function adoptRecord(
  mappings: MappingStore,
  plugin: string,
  sourceKey: string,
  record: { resourceType: WritableResource; id: string },
): Promise<void> {
  const current = await mappings.get(plugin, sourceKey);
  if (current?.id === record.id && current.resourceType === record.resourceType) return;
  // A hash no content has: the next upsert compares with the live record and updates it.
  await mappings.set(plugin, sourceKey, { ...record, contentHash: ADOPTED });
}
