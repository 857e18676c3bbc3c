/**
 * Keeps the cache right across writes: the cache follows the client's "record written" notices
 * (itglue's record-writes.ts) and puts what IT Glue answered — create, update, bulk update, trait
 * updates, publish — or drops the deleted ids. The client awaits this before the write resolves, so
 * the next read cannot see the old record.
 */
import type { ITGlueClient, RecordWrite } from '@glueflow/itglue';
import { CACHED_TYPES } from './cache-types.js';
import type { CachedType } from './cache-types.js';
import type { MetadataCache } from './metadata-cache.js';

type CacheWrites = Pick<MetadataCache, 'putMany' | 'invalidate'>;

/** Starts following; returns the function that stops. */
export function followWrites(client: Pick<ITGlueClient, 'onRecordWritten'>, cache: CacheWrites): () => void {
  return client.onRecordWritten((write) => applyWrite(cache, write));
}

async function applyWrite(cache: CacheWrites, write: RecordWrite): Promise<void> {
  // Routes are snake plural (`flexible_assets`); the cache's types are their kebab form.
  const type = write.route.replaceAll('_', '-');
  if (!(CACHED_TYPES as readonly string[]).includes(type)) return;
  if (write.kind === 'written') await cache.putMany(type as CachedType, [...write.records]);
  else await cache.invalidate(type as CachedType, [...write.ids]);
}
