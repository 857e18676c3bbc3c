/**
 * The metadata cache behaves the same on SQLite and on a real Redis: one suite over both stores, on
 * the real IT Glue client and emulator (requests counted on the emulator), a clock the test moves.
 * Lookups (exact, prefix, substring, organization, limit), pages in name order, TTL expiry, stale
 * answers while the circuit is open, refresh, purge, clear, counters across two caches ("processes";
 * on Redis two machines: two local files), and no secret in the raw store. Then two runtimes on one
 * Redis: the second resolves an organization without asking IT Glue (and, as the control, without
 * Redis it asks again).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator } from '@glueflow/emulator';
import type { RunningEmulator } from '@glueflow/emulator';
import { createITGlueClient } from '@glueflow/itglue';
import type { ITGlueClient } from '@glueflow/itglue';
import {
  clientCacheSource,
  createLogger,
  definePlugin,
  followWrites,
  MetadataCache,
  Runtime,
} from '@glueflow/core';
import type { ResolvedConfig } from '@glueflow/core';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { startRedisServer } from '../redis-server.js';
import type { RunningRedis } from '../redis-server.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let redis: RunningRedis;
let emulator: RunningEmulator;
let client: ITGlueClient;
let dir: string;
let serverType: string;
let org: string;
let other: string;
const clock = { now: Date.parse('2026-05-01T08:00:00Z') };

beforeAll(async () => {
  redis = await startRedisServer();
  emulator = await startEmulator({ seed: 7, port: 0 });
  dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'glueflow-cache-backends-'));
  client = await clientOn(emulator);
  for await (const type of client.configurationTypes.list()) serverType ??= type.id;
  // The lookups' records, once for both stores (each suite reads them through its own cache).
  org = await organization('Index Org');
  other = await organization('Index Other');
  await configurations(org, ['FS-Alpha-01', 'FS-Alpha-02', 'DC-Beta', 'fs-gamma', 'ÅSTRÖM-Srv']);
  await configurations(other, ['FS-Alpha-01', 'Printer 100%_x']);
});
afterAll(async () => {
  await client.close();
  await emulator.stop();
  await redis.stop();
  await fs.promises.rm(dir, { recursive: true, force: true });
});

function clientOn(on: RunningEmulator, circuit?: { failureThreshold: number; halfOpenAfterMs: number }) {
  return createITGlueClient({
    url: on.url,
    apiKey: 'ITG.emulator',
    env: {},
    keychain: false,
    home: dir,
    retry: circuit ? { retries: 0 } : { baseDelayMs: 5, maxDelayMs: 20 },
    ...(circuit ? { circuitBreaker: circuit } : {}),
  });
}

const opened: MetadataCache[] = [];
afterEach(async () => {
  for (const cache of opened.splice(0)) await cache.close();
});

interface Place {
  /** The cache's name: its file (SQLite) or its Redis instance. */
  name: string;
  /** Another machine opening the same cache (Redis: its own local file for the search index). */
  machine?: string;
}
type CacheOptions = Parameters<typeof MetadataCache.open>[0] & { client?: ITGlueClient | null };
interface Backend {
  open(place: Place, options?: CacheOptions): Promise<MetadataCache>;
  /** Every byte the cache keeps for `place`: the file (and its companions), plus on Redis every key's value. */
  raw(place: Place): Promise<string>;
}

let n = 0;
const fileBytes = (file: string) =>
  ['', '-wal', '-shm', '-journal']
    .map((suffix) => (fs.existsSync(file + suffix) ? fs.readFileSync(file + suffix).toString('latin1') : ''))
    .join('\n');

const sqlite: Backend = {
  async open(place, { client: using = client, ...options } = {}) {
    return track(
      MetadataCache.open({
        file: path.join(dir, `${place.name}.sqlite`),
        clock: () => clock.now,
        ...(using ? { source: clientCacheSource(using) } : {}),
        ...options,
      }),
    );
  },
  async raw(place) {
    return fileBytes(path.join(dir, `${place.name}.sqlite`));
  },
};

const onRedis: Backend = {
  async open(place, { client: using = client, ...options } = {}) {
    return track(
      MetadataCache.onRedis(redis.url, {
        instance: place.name,
        file: path.join(dir, `${place.name}-${place.machine ?? 'm1'}.sqlite`),
        clock: () => clock.now,
        ...(using ? { source: clientCacheSource(using) } : {}),
        ...options,
      }),
    );
  },
  async raw(place) {
    const r = new Redis(redis.url);
    try {
      const parts: string[] = [];
      for (const key of await r.keys(`glueflow:{${place.name}}:*`)) {
        const type = await r.type(key);
        if (type === 'string') parts.push((await r.getBuffer(key))!.toString('latin1'));
        if (type === 'hash') parts.push(JSON.stringify(await r.hgetall(key)));
        if (type === 'zset') parts.push(JSON.stringify(await r.zrange(key, 0, -1)));
      }
      expect(parts.length).toBeGreaterThan(0);
      const files = fs.readdirSync(dir).filter((f) => f.startsWith(`${place.name}-`));
      return [...parts, ...files.map((f) => fileBytes(path.join(dir, f)))].join('\n');
    } finally {
      r.disconnect();
    }
  },
};

async function track(opening: Promise<MetadataCache>): Promise<MetadataCache> {
  const cache = await opening;
  opened.push(cache);
  return cache;
}

const requests = () => emulator.admin.stats().requests.total;
async function calls<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const before = requests();
  const result = await fn();
  return [result, requests() - before];
}
async function organization(name: string): Promise<string> {
  return (await emulator.admin.insert('organizations', [{ name }]))[0]!;
}
async function configurations(org: string, names: readonly string[]): Promise<string[]> {
  return emulator.admin.insert(
    'configurations',
    names.map((name) => ({ 'organization-id': org, name, 'configuration-type-id': serverType })),
  );
}

describe.each([
  ['SQLite', sqlite],
  ['Redis', onRedis],
] as const)('the metadata cache on %s', (name, backend) => {
  const place = (): Place => ({ name: `c${++n}` });

  it('reads by id: once from IT Glue, then from the store until the TTL, then again', async () => {
    const cache = await backend.open(place());
    const id = await organization('Read Once Ltd');
    const [first, firstCalls] = await calls(() => cache.getById('organizations', id));
    expect(first).toMatchObject({ record: { id, name: 'Read Once Ltd' }, stale: false });
    expect(firstCalls).toBe(1);
    expect(await calls(() => cache.getById('organizations', id))).toEqual([first, 0]);
    clock.now += HOUR - 1000;
    expect((await calls(() => cache.getById('organizations', id)))[1]).toBe(0);
    clock.now += 2000;
    expect((await calls(() => cache.getById('organizations', id)))[1]).toBe(1);
    expect(await cache.stats()).toMatchObject({ hits: 2, misses: 2 });
  });

  describe('lookups from the index', () => {
    it('exact names ignoring case, within an organization, prefix, substring, short, wildcards, limit — no API call after a refresh', async () => {
      const cache = await backend.open(place());
      await cache.refresh(['configurations']);
      const [result, count] = await calls(async () => ({
        all: await cache.findByName('configurations', 'fs-alpha-01'),
        mine: await cache.findByName('configurations', 'FS-ALPHA-01', { organizationId: org }),
        unicode: await cache.findByName('configurations', 'åström-srv'),
        prefix: await cache.search('configurations', 'fs-', { mode: 'prefix', organizationId: org }),
        prefixAll: await cache.search('configurations', 'FS-ALPHA', { mode: 'prefix' }),
        substring: await cache.search('configurations', 'ALPHA', { mode: 'substring' }),
        substringOrg: await cache.search('configurations', 'alpha-01', { organizationId: other }),
        short: await cache.search('configurations', 'ta', { organizationId: org }),
        wildcards: await cache.search('configurations', '100%_'),
        limited: await cache.search('configurations', 'alpha', { limit: 2 }),
        prefixLimited: await cache.search('configurations', 'fs', {
          mode: 'prefix',
          limit: 1,
          organizationId: org,
        }),
      }));
      expect(count).toBe(0);
      expect(result.all.records.map((r) => r.organizationId).sort()).toEqual([org, other].sort());
      expect(result.all.stale).toBe(false);
      expect(result.mine.records).toEqual([
        expect.objectContaining({ name: 'FS-Alpha-01', organizationId: org }),
      ]);
      expect(result.unicode.records.map((r) => r.name)).toEqual(['ÅSTRÖM-Srv']);
      expect(result.prefix.records.map((r) => r.name)).toEqual(['FS-Alpha-01', 'FS-Alpha-02', 'fs-gamma']);
      expect(result.prefixAll.records.map((r) => r.name).sort()).toEqual([
        'FS-Alpha-01',
        'FS-Alpha-01',
        'FS-Alpha-02',
      ]);
      expect(result.substring.records.map((r) => r.name).sort()).toEqual([
        'FS-Alpha-01',
        'FS-Alpha-01',
        'FS-Alpha-02',
      ]);
      expect(result.substringOrg.records.map((r) => r.organizationId)).toEqual([other]);
      expect(result.short.records.map((r) => r.name)).toEqual(['DC-Beta']);
      expect(result.wildcards.records.map((r) => r.name)).toEqual(['Printer 100%_x']);
      expect(result.limited.records).toHaveLength(2);
      expect(result.prefixLimited.records.map((r) => r.name)).toEqual(['FS-Alpha-01']);
    });

    it('a name the index lacks is asked of IT Glue once; an expired match is fetched again (a rename is seen)', async () => {
      const cache = await backend.open(place());
      const [id] = await configurations(org, [`Before-Rename-${name}`]);
      await cache.refresh(['configurations']);
      await configurations(org, [`New-Since-Refresh-${name}`]);
      const [found, asked] = await calls(() =>
        cache.findByName('configurations', `new-since-refresh-${name}`),
      );
      expect([found.records.map((r) => r.name), asked]).toEqual([[`New-Since-Refresh-${name}`], 1]);
      expect((await calls(() => cache.findByName('configurations', `New-Since-Refresh-${name}`)))[1]).toBe(0);
      await emulator.admin.mutate('configurations', id!, { name: `After-Rename-${name}` });
      expect((await cache.findByName('configurations', `before-rename-${name}`)).records).toHaveLength(1);
      clock.now += 16 * MINUTE;
      expect((await cache.findByName('configurations', `before-rename-${name}`)).records).toEqual([]);
      const [renamed, count] = await calls(() => cache.findByName('configurations', `after-rename-${name}`));
      expect([renamed.records.map((r) => r.id), count]).toEqual([[id], 0]);
    });
  });

  it('pages in name order (nameless records first) with the total, pulling the type once', async () => {
    const cache = await backend.open(place());
    await emulator.admin.insert(
      'organizations',
      ['Cobalt', 'alpha', 'Bravo'].map((name) => ({ name })),
    );
    const [first, pulled] = await calls(() => cache.page('organizations', { offset: 0, limit: 2 }));
    expect(pulled).toBeGreaterThan(0);
    expect(first.records).toHaveLength(2);
    const [all, again] = await calls(() => cache.page('organizations', { offset: 0, limit: 1000 }));
    expect(again).toBe(0);
    expect(all.total).toBe(all.records.length);
    const names = all.records.map((r) => String(r.name).toLowerCase());
    expect(names).toEqual([...names].sort());
    expect((await cache.page('organizations', { offset: 2, limit: 2 })).records[0]).toEqual(all.records[2]);

    const offline = await backend.open(place(), { client: null });
    await offline.putMany('contacts', [
      { id: '3', name: 'b' },
      { id: '2' },
      { id: '1', name: 'A' },
      { id: '4', name: 'a' },
    ]);
    const page = await offline.page('contacts', { offset: 1, limit: 3 });
    expect([page.records.map((r) => r.id), page.total]).toEqual([['1', '4', '3'], 4]);
  });

  it('stale answers while the circuit is open, without a request; nothing cached → the circuit error', async () => {
    const faulty = await startEmulator({ seed: 7, port: 0 });
    const breaking = await clientOn(faulty, { failureThreshold: 2, halfOpenAfterMs: 10 * MINUTE });
    try {
      const [acme, unseen] = await faulty.admin.insert('organizations', [
        { name: 'Acme Corp' },
        { name: 'Never Read' },
      ]);
      const at = place();
      const cache = await backend.open(at, { client: breaking });
      await cache.refresh(['organizations']);
      clock.now += 25 * HOUR;
      faulty.admin.enqueueFault({ kind: '500', count: 2, method: 'GET' });
      for (let i = 0; i < 2; i++) await breaking.organizations.get(acme!).catch(() => undefined);
      expect(breaking.circuitOpen()).toBe(true);
      const before = faulty.admin.stats().requests.total;
      expect(await cache.getById('organizations', acme!)).toMatchObject({
        record: { name: 'Acme Corp' },
        stale: true,
      });
      const found = await cache.findByName('organizations', 'ACME CORP');
      expect([found.stale, found.records.map((r) => r.id)]).toEqual([true, [acme]]);
      expect(faulty.admin.stats().requests.total).toBe(before);
      await cache.clear();
      await expect(cache.getById('organizations', unseen!)).rejects.toMatchObject({
        code: 'EITGLUE_CIRCUIT_OPEN',
      });
    } finally {
      await breaking.close();
      await faulty.stop();
    }
  });

  it('refresh removes what IT Glue no longer lists; purge keeps the stale window, then un-marks the type', async () => {
    const cache = await backend.open(place(), { keepStaleMs: DAY });
    const org = await organization('Refresh Org');
    const ids = await configurations(org, ['R-1', 'R-2', 'R-3']);
    const [report] = await cache.refresh(['configurations']);
    expect(await cache.lastRefreshed('configurations')).toEqual(new Date(clock.now));
    await emulator.admin.remove('configurations', ids[1]!);
    clock.now += 2 * HOUR;
    const [second] = await cache.refresh(['configurations']);
    expect(second).toMatchObject({ removed: 1, count: report!.count - 1 });
    const byPrefix = await cache.search('configurations', 'R-', { mode: 'prefix', organizationId: org });
    expect(byPrefix.records.map((r) => r.name)).toEqual(['R-1', 'R-3']);
    expect(await cache.getById('configurations', ids[1]!)).toBeNull();

    await cache.put('flexible-asset-types', { id: '1', name: 'Runbook' });
    clock.now += 20 * MINUTE; // configurations (15 min) expired, types (24 h) not
    expect(await cache.purgeExpired()).toBe(0); // inside the stale window
    clock.now += DAY;
    expect(await cache.purgeExpired()).toBe(report!.count - 1);
    expect((await cache.stats()).entries).toMatchObject({ configurations: 0, 'flexible-asset-types': 1 });
    expect(await cache.lastRefreshed('configurations')).toBeNull();
    expect(await cache.peek('configurations', ids[0]!)).toBeNull();
  });

  it('clear(type) empties that type only, clear() every type, and the search index with them', async () => {
    const cache = await backend.open(place(), { client: null });
    await cache.putMany('organizations', [{ id: '1', name: 'Keep Org' }]);
    await cache.putMany('configurations', [{ id: '2', name: 'Clear-Srv', notes: 'findme' }]);
    expect((await cache.fullTextSearch('findme')).total).toBe(1);
    await cache.clear('configurations');
    expect((await cache.stats()).entries).toMatchObject({ organizations: 1, configurations: 0 });
    expect(await cache.peek('configurations', '2')).toBeNull();
    expect((await cache.search('configurations', 'srv')).records).toEqual([]);
    expect((await cache.fullTextSearch('findme')).total).toBe(0);
    await cache.clear();
    expect(Object.values((await cache.stats()).entries)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await cache.peek('organizations', '1')).toBeNull();
  });

  it('two processes share records and counters: the second reads without a request; totals add up', async () => {
    const at = place();
    const first = await backend.open(at);
    const second = await backend.open({ ...at, machine: 'm2' });
    const id = await organization('Shared Org');
    await first.getById('organizations', id); // miss
    await first.getById('organizations', id); // hit
    expect((await calls(() => second.getById('organizations', id)))[1]).toBe(0); // hit, from the first's read
    await first.flushStats();
    await second.flushStats();
    expect(await second.stats()).toMatchObject({ hits: 2, misses: 1, hitRate: 2 / 3 });
    expect((await first.stats()).bytesOnDisk).toBeGreaterThan(0);
  });

  it('never stores a secret: password values, OTP secrets, secret traits, file bodies (raw store read)', async () => {
    const SECRETS = {
      password: 'Pw-Value-7d1c93e0',
      otp: 'OTPSEED7d1c93e0',
      trait: 'Trait-Pass-7d1c93e0',
      upload: 'VXBsb2FkLTdkMWM5M2Uw',
      document: 'Document-Body-7d1c93e0',
    };
    const CONTROL = 'Visible-Notes-7d1c93e0';
    const at = place();
    const cache = await backend.open(at);
    const stop = followWrites(client, cache);
    const org = (await client.organizations.create({ name: 'Secret Org' })).id;
    const created = await client.passwords.create({
      organizationId: org,
      name: 'Domain admin',
      password: SECRETS.password,
      notes: CONTROL,
    });
    const withValue = await client.passwords.getWithValue(created.id);
    expect(withValue?.password).toBe(SECRETS.password);
    await cache.put('passwords', withValue!);
    await cache.refresh(['passwords']);
    await cache.putMany('passwords', [
      {
        id: '9001',
        name: 'Handed in',
        password: SECRETS.password,
        otpSecret: SECRETS.otp,
        'otp-secret': SECRETS.otp,
      },
      { id: '9002', name: 'Snake', otp_secret: SECRETS.otp, nested: { password: SECRETS.password } },
    ]);
    await cache.put('flexible-assets', {
      id: '77',
      name: 'Firewall',
      traits: {
        'admin-password': SECRETS.trait,
        wifiPassphrase: SECRETS.trait,
        'api-key': SECRETS.trait,
        'shipping-notes': 'kept',
        'config-backup': { content: SECRETS.upload, file_name: 'backup.cfg' },
      },
    });
    await cache.put('documents', {
      id: '88',
      name: 'Runbook',
      content: SECRETS.document,
      attachments: [{ id: '5', name: 'diagram.png', attachment: { content: SECRETS.upload } }],
    });
    stop();
    await cache.flushStats();
    const raw = await backend.raw(at);
    expect(raw).toContain(CONTROL); // the scan sees what is stored …
    expect(raw).toContain('shipping-notes');
    for (const [kind, secret] of Object.entries(SECRETS))
      expect({ kind, found: raw.includes(secret) }).toEqual({ kind, found: false }); // … and no secret
  });
});

it('a Redis that cannot be reached is ESTATE_REDIS naming the server, never the password', async () => {
  const error = await MetadataCache.onRedis('redis://:Pw-7d1c93e0@127.0.0.1:1', {
    instance: 'unreachable',
    file: path.join(dir, 'unreachable.sqlite'),
  }).catch((caught: unknown) => caught);
  expect(error).toMatchObject({
    code: 'ESTATE_REDIS',
    message: expect.stringContaining('redis://127.0.0.1:1'),
  });
  expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('Pw-7d1c93e0');
});

describe('the search index on Redis: per machine, rebuilt from the shared cache', () => {
  it('a record another machine cached is found here after a rebuild, and its values came from Redis', async () => {
    const at = { name: `c${++n}` };
    const first = await onRedis.open(at, { client: null });
    const second = await onRedis.open({ ...at, machine: 'm2' }, { client: null });
    await first.putMany('configurations', [{ id: '5', name: 'Far-Srv', notes: 'rebuildme' }]);
    expect((await first.fullTextSearch('rebuildme')).total).toBe(1);
    expect((await second.fullTextSearch('rebuildme')).total).toBe(0); // this machine's index
    expect(await second.peek('configurations', '5')).toMatchObject({ name: 'Far-Srv' }); // the shared values
    expect(await second.rebuildSearchIndex()).toMatchObject({ records: 1 });
    expect((await second.fullTextSearch('rebuildme')).hits.map((hit) => hit.id)).toEqual(['5']);
  });
});

describe('two runtimes ("workers") on one Redis', () => {
  const resolved: Array<{ id: string } | undefined> = [];
  const probe = definePlugin({
    name: 'glueflow-plugin-test-cache-probe',
    options: z.object({}).strict(),
    apply(host) {
      host.registerStep('probe.resolve', {
        description: 'resolves an organization by name, as sync steps do',
        options: z.object({ name: z.string() }),
        async run(ctx, options) {
          resolved.push(await ctx.resolveOrganization({ kind: 'name', value: options.name }));
        },
      });
    },
  });

  /** A runtime on a machine of its own (its own home: its own SQLite file), Redis when `redisUrl` is given. */
  async function worker(instance: string, redisUrl?: string): Promise<Runtime> {
    const home = await fs.promises.mkdtemp(path.join(dir, 'worker-'));
    const config: ResolvedConfig = {
      filepath: path.join(home, 'glueflow.config.js'),
      instanceName: instance,
      instance: { region: 'us', url: emulator.url },
      rateLimit: { requests: 3000, windowSeconds: 300 },
      concurrency: 4,
      timeouts: { connectMs: 5_000, responseMs: 15_000 },
      cache: { ttlSeconds: {}, autoRefreshHours: 24 },
      home,
      plugins: [{ spec: probe, options: {}, declaredIn: null, keyPath: 'plugins[0]' }],
      pipelines: {
        resolve: [
          {
            step: 'probe.resolve',
            with: { name: 'ACME SHARED' },
            declaredIn: null,
            baseDir: home,
            keyPath: 'pipelines.resolve[0]',
          },
        ],
      },
      ...(redisUrl ? { storage: { redis: { env: 'GLUEFLOW_REDIS_URL' } } } : {}),
      provenance: {},
    } as ResolvedConfig;
    return Runtime.open({
      config,
      env: { ITGLUE_API_KEY: 'ITG.emulator', ...(redisUrl ? { GLUEFLOW_REDIS_URL: redisUrl } : {}) },
      logger: createLogger({ silent: true }),
      keychain: false,
      secretKeychain: () => undefined,
    });
  }

  async function resolveOnTwo(instance: string, redisUrl?: string): Promise<[number, number]> {
    const counts: number[] = [];
    for (const _ of [1, 2]) {
      const runtime = await worker(instance, redisUrl);
      try {
        const [, count] = await calls(() => runtime.run('resolve'));
        counts.push(count);
      } finally {
        await runtime.close();
      }
    }
    return counts as [number, number];
  }

  it('the second resolves an organization by name without an IT Glue request: the cache is shared', async () => {
    const id = await organization('Acme Shared');
    // An MSP's tenant: the organizations list takes three pages of 1,000.
    await emulator.admin.insert(
      'organizations',
      Array.from({ length: 2100 }, (_, i) => ({ name: `Tenant ${i}` })),
    );
    const [first, second] = await resolveOnTwo('workers', redis.url);
    expect(first).toBe(3); // the pull of the organizations
    expect(second).toBe(0);
    expect(resolved.splice(0).map((org) => org?.id)).toEqual([id, id]);
  });

  it('control: with a cache per machine (no Redis) the second worker pulls the organizations again', async () => {
    const [first, second] = await resolveOnTwo('alone');
    expect([first, second]).toEqual([3, 3]);
  });
});
