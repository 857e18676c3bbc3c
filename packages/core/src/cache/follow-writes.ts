/**
 * Keeps the cache right across writes: the cache follows the client's "record written" notices
 * (itglue's record-writes.ts) and puts what IT Glue answered — create, update, bulk update, trait
 * updates, publish — or drops the deleted ids; document sections written or deleted go to the
 * full-text index only (their bodies are never cached). The client awaits this before the write resolves, so
 * the next read cannot see the old record.
 */
import type { ITGlueClient, RecordWrite } from '@glueflow/itglue';
import { CACHED_TYPES } from './cache-types.js';
import type { CachedType } from './cache-types.js';
import type { MetadataCache } from './metadata-cache.js';

type CacheWrites = Pick<MetadataCache, 'putMany' | 'invalidate'> &
  Partial<Pick<MetadataCache, 'putSections' | 'removeSections'>>;
type Client = Pick<ITGlueClient, 'onRecordWritten'> & Partial<Pick<ITGlueClient, 'secretTraits'>>;

/** Starts following; returns the function that stops. */
export function followWrites(client: Client, cache: CacheWrites): () => void {
  return client.onRecordWritten((write) => applyWrite(client, cache, write));
}

async function applyWrite(client: Client, cache: CacheWrites, write: RecordWrite): Promise<void> {
  // Routes are snake plural (`flexible_assets`); the cache's types are their kebab form.
  const type = write.route.replaceAll('_', '-');
  // A section's body is not cached, only its text indexed for search (search/search-sections.ts).
  if (type === 'document-sections') {
    if (write.kind === 'deleted') await cache.removeSections?.(write.ids);
    else await cache.putSections?.(write.records);
    return;
  }
  if (!(CACHED_TYPES as readonly string[]).includes(type)) return;
  if (write.kind === 'deleted') return cache.invalidate(type as CachedType, [...write.ids]);
  if (type === 'flexible-assets' && !(await learnSecretTraits(client, write.records))) {
    // Which traits are Password-kind is unknown: drop the old entries rather than cache a secret.
    return cache.invalidate(
      type,
      write.records.map((record) => String(record.id)),
    );
  }
  await cache.putMany(type as CachedType, [...write.records]);
}

/**
 * A write made with the bare client (not the write facade, which reads the type first) may be the
 * first this process sees of a flexible asset type: read its fields before caching, or a trait that
 * is secret by kind only ("Door Code") would be cached — and indexed for search.
 */
async function learnSecretTraits(
  client: Client,
  records: readonly Record<string, unknown>[],
): Promise<boolean> {
  if (!client.secretTraits) return true;
  const typeIds = new Set(records.map((record) => record.flexibleAssetTypeId).filter((id) => id != null));
  try {
    for (const typeId of typeIds) await client.secretTraits.load(typeId);
    return true;
  } catch {
    return false;
  }
}
