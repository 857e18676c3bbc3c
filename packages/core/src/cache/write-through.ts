/**
 * Keeps the cache right across writes: `writeThrough(client, cache)` returns the same client whose
 * cached resources, after each successful write, put what IT Glue answered into the cache (create,
 * update, bulk update, trait updates, publish) or drop the deleted ids. The cache is updated before
 * the write's promise resolves, so the next read cannot see the old record.
 */
import { CLIENT_RESOURCES } from './client-source.js';
import type { CachedRecord, CachedType } from './cache-types.js';
import type { MetadataCache } from './metadata-cache.js';

const PUTS = new Set([
  'create',
  'createMany',
  'update',
  'bulkUpdate',
  'updateTraits',
  'replaceTraits',
  'publish',
  'createFromFile',
]);
const DELETES = new Set(['delete', 'bulkDelete']);

type CacheWrites = Pick<MetadataCache, 'putMany' | 'invalidate'>;

export function writeThrough<C extends object>(client: C, cache: CacheWrites): C {
  const typeOf = new Map<string, CachedType>(
    Object.entries(CLIENT_RESOURCES).map(([type, property]) => [property, type as CachedType]),
  );
  const wrapped = new Map<string, object>();
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      const type = typeof property === 'string' ? typeOf.get(property) : undefined;
      if (!type || typeof value !== 'object' || value === null) return value;
      let resource = wrapped.get(type);
      if (!resource) {
        resource = cachingResource(value, type, cache);
        wrapped.set(type, resource);
      }
      return resource;
    },
  });
}

function cachingResource(resource: object, type: CachedType, cache: CacheWrites): object {
  return new Proxy(resource, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      if (PUTS.has(property)) {
        return async (...args: unknown[]) => {
          const result: unknown = await value.apply(target, args);
          await cache.putMany(type, recordsIn(result));
          return result;
        };
      }
      if (DELETES.has(property)) {
        return async (...args: unknown[]) => {
          const result: unknown = await value.apply(target, args);
          await cache.invalidate(type, deletedIds(property, args));
          return result;
        };
      }
      return value;
    },
  });
}

function recordsIn(result: unknown): CachedRecord[] {
  const list = Array.isArray(result) ? result : [result];
  return list.filter(
    (item): item is CachedRecord => typeof item === 'object' && item !== null && 'id' in item,
  );
}

// delete(id), delete(organizationId, id), bulkDelete(ids): the record id is the last id argument.
function deletedIds(method: string, args: readonly unknown[]): string[] {
  if (method === 'bulkDelete') return Array.isArray(args[0]) ? args[0].map(String) : [];
  const ids = args.filter((arg) => typeof arg === 'string' || typeof arg === 'number');
  return ids.length === 0 ? [] : [String(ids[ids.length - 1])];
}
