/**
 * A metadata cache as users get it: the real IT Glue client against a real emulator on loopback,
 * a real SQLite file in a temp GLUEFLOW_HOME, and a clock the test moves to expire entries.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@glueflow/emulator';
import { createITGlueClient } from '@glueflow/itglue';
import type { ITGlueClient } from '@glueflow/itglue';
import type { ITGlueClientOptions } from '@glueflow/itglue';
import { clientCacheSource } from '../client-source.js';
import { MetadataCache, type MetadataCacheOptions } from '../metadata-cache.js';
import type { StorageOptions } from '../../storage/glueflow-storage.js';

type CacheOptions = MetadataCacheOptions & Pick<StorageOptions, 'instance'>;

export interface CacheHarness {
  emulator: RunningEmulator;
  client: ITGlueClient;
  cache: MetadataCache;
  home: string;
  clock: { now: number; advance(ms: number): void };
  /** API requests the emulator has answered so far. */
  requests(): number;
  /** A second cache on the same file (another process would see the same). */
  openCache(options?: CacheOptions): Promise<MetadataCache>;
  close(): Promise<void>;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export async function startCacheHarness(
  options: { emulator?: EmulatorOptions; client?: ITGlueClientOptions; cache?: MetadataCacheOptions } = {},
): Promise<CacheHarness> {
  const emulator = await startEmulator({ seed: 7, ...options.emulator });
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'glueflow-cache-'));
  const client = await createITGlueClient({
    url: emulator.url,
    apiKey: 'ITG.emulator',
    env: {},
    keychain: false,
    home,
    ...options.client,
    retry: { baseDelayMs: 5, maxDelayMs: 20, ...options.client?.retry },
  });
  const clock = {
    now: Date.parse('2026-05-01T08:00:00Z'),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const caches: MetadataCache[] = [];
  const openCache = async (cacheOptions: CacheOptions = {}) => {
    const cache = await MetadataCache.open({
      env: { GLUEFLOW_HOME: home },
      instance: 'test',
      source: clientCacheSource(client),
      clock: () => clock.now,
      ...options.cache,
      ...cacheOptions,
    });
    caches.push(cache);
    return cache;
  };
  const cache = await openCache();
  return {
    emulator,
    client,
    cache,
    home,
    clock,
    requests: () => emulator.admin.stats().requests.total,
    openCache,
    async close() {
      for (const each of caches) await each.close();
      await client.close();
      await emulator.stop();
      await fs.rm(home, { recursive: true, force: true });
    },
  };
}

/** Inserts organizations straight into the emulator (no API call) and returns their ids. */
export async function insertOrganizations(
  harness: CacheHarness,
  names: readonly string[],
): Promise<string[]> {
  return harness.emulator.admin.insert(
    'organizations',
    names.map((name) => ({ name })),
  );
}
