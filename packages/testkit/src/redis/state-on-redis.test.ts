/**
 * The state store behaves the same on SQLite and on a real Redis: mappings, the write journal (a
 * completed intent and its mapping land together), watermarks, bookmarks, `atomic` and the run history
 * — one suite, run over both backends. Then what only Redis has: guarded commits re-run on a race,
 * listing refused inside `atomic`, and every key of an instance in one Cluster slot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { StateStore } from '@glueflow/core';
import { Redis } from 'ioredis';
import { startRedisServer } from '../redis-server.js';
import type { RunningRedis } from '../redis-server.js';

let redis: RunningRedis;
let dir: string;
beforeAll(async () => {
  redis = await startRedisServer();
  dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'glueflow-state-backends-'));
});
afterAll(async () => {
  await redis.stop();
  await fs.promises.rm(dir, { recursive: true, force: true });
});

const opened: StateStore[] = [];
afterEach(async () => {
  for (const state of opened.splice(0)) await state.close();
});

let n = 0;
type Open = (options?: { clock?: () => number; instance?: string }) => Promise<StateStore>;
const backends: Array<[string, Open]> = [
  ['SQLite', async (o = {}) => StateStore.open({ file: path.join(dir, `s${++n}.sqlite`), ...o })],
  ['Redis', async (o = {}) => StateStore.onRedis(redis.url, { instance: `state-${++n}`, ...o })],
];
const open = async (backend: Open, options?: Parameters<Open>[0]) => {
  const state = await backend(options);
  opened.push(state);
  return state;
};

const mapping = (id: string) => ({ resourceType: 'organizations' as const, id, contentHash: `h-${id}` });
const intent = (sourceKey: string, plugin = 'psa') => ({
  plugin,
  sourceKey,
  resourceType: 'organizations' as const,
  naturalKey: { name: sourceKey },
  payloadHash: 'p',
});
const ok = {
  status: 'ok' as const,
  counts: null,
  requests: { total: 1, retries: 0, rateLimited: 0 },
  warnings: 0,
  events: {},
  messages: [],
  messageTotals: { errors: 0, warnings: 0 },
};

describe.each(backends)('the state store on %s', (_name, backend) => {
  it('keeps mappings per plugin, lists them in key order across pages, counts them', async () => {
    const state = await open(backend);
    const psa = state.forPlugin('psa');
    const keys = Array.from({ length: 1001 }, (_, i) => `docs/${String(i).padStart(4, '0')}_%.md`);
    await psa.atomic(async () => {
      for (const key of [...keys].reverse()) await psa.mappings.set(key, mapping(key));
      await state.mappings.set('other', keys[0]!, mapping('x'));
    });
    const listed: string[] = [];
    for await (const [key] of psa.mappings.list()) listed.push(key);
    expect(listed).toEqual(keys);
    expect(await psa.mappings.count()).toBe(1001);
    expect(await state.mappings.get('other', keys[0]!)).toEqual(mapping('x'));
    await psa.mappings.delete(keys[0]!);
    expect(await psa.mappings.get(keys[0]!)).toBeUndefined();
    expect(await psa.mappings.count()).toBe(1000);
    await expect(psa.mappings.set('k', { id: '' } as never)).rejects.toMatchObject({
      code: 'ESTATE_INVALID',
    });
  });

  it('journals intents: complete stores the mapping with it, closes once; pending and prune', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const state = await open(backend, { clock: () => now });
    const a = await state.journal.begin(intent('company:1'));
    now += 1000;
    const b = await state.journal.begin(intent('company:2'));
    now += 1000;
    const c = await state.journal.begin(intent('company:3', 'other'));
    expect((await state.journal.pending('psa')).map((e) => e.journalId)).toEqual([a, b]);
    expect((await state.journal.pending()).map((e) => e.journalId)).toEqual([a, b, c]);

    await state.journal.complete(a, '101', { contentHash: 'h1' });
    expect(await state.mappings.get('psa', 'company:1')).toEqual({
      resourceType: 'organizations',
      id: '101',
      contentHash: 'h1',
    });
    expect(await state.journal.get(a)).toMatchObject({ status: 'completed', recordId: '101' });
    await expect(state.journal.complete(a, '102')).rejects.toMatchObject({ code: 'ESTATE_INVALID' });
    await expect(state.journal.complete('nope', '1')).rejects.toMatchObject({
      code: 'ESTATE_UNKNOWN_JOURNAL',
    });
    await state.journal.abandon(b, 'EITGLUE_VALIDATION');
    expect(await state.journal.get(b)).toMatchObject({ status: 'abandoned', reason: 'EITGLUE_VALIDATION' });
    expect((await state.journal.pending()).map((e) => e.journalId)).toEqual([c]);

    now += 60_000;
    expect(await state.journal.prune(120_000)).toBe(0);
    now += 120_000;
    expect(await state.journal.prune(120_000)).toBe(2); // the two closed ones; the pending one stays
    expect(await state.journal.get(a)).toBeUndefined();
    expect(await state.journal.get(c)).toMatchObject({ status: 'pending' });
    expect(await state.mappings.get('psa', 'company:1')).toMatchObject({ id: '101' }); // mappings stay
  });

  it('keeps watermarks and bookmarks, checked on the way in', async () => {
    const state = await open(backend);
    const watch = state.forPlugin('watch');
    await watch.watermarks.set('watch:organizations', { at: '2026-01-01T00:00:00Z', seenIds: ['1'] });
    await watch.bookmarks.set('cursor', { page: 3, done: ['a'] });
    expect(await watch.watermarks.get('watch:organizations')).toEqual({
      at: '2026-01-01T00:00:00Z',
      seenIds: ['1'],
    });
    expect(await watch.bookmarks.get('cursor')).toEqual({ page: 3, done: ['a'] });
    const names: string[] = [];
    for await (const [name] of watch.bookmarks.list()) names.push(name);
    expect(names).toEqual(['cursor']);
    expect(await watch.bookmarks.delete('cursor')).toBe(true);
    expect(await watch.bookmarks.delete('cursor')).toBe(false);
    await expect(watch.watermarks.set('w', { at: 1 } as never)).rejects.toMatchObject({
      code: 'ESTATE_INVALID',
    });
    await expect(watch.bookmarks.set('b', undefined as never)).rejects.toMatchObject({
      code: 'ESTATE_INVALID',
    });
  });

  it('atomic: the writes of a block that throws land nowhere; reads inside see its own writes', async () => {
    const state = await open(backend);
    const psa = state.forPlugin('psa');
    await psa.mappings.set('old', mapping('1'));
    await expect(
      psa.atomic(async () => {
        await psa.mappings.set('new', mapping('2'));
        await psa.mappings.delete('old');
        expect(await psa.mappings.get('new')).toEqual(mapping('2'));
        expect(await psa.mappings.get('old')).toBeUndefined();
        throw new Error('half-way');
      }),
    ).rejects.toThrow('half-way');
    expect(await psa.mappings.get('old')).toEqual(mapping('1'));
    expect(await psa.mappings.get('new')).toBeUndefined();
    const moved = await psa.atomic(async () => {
      await psa.mappings.set('new', mapping('1'));
      return psa.bookmarks.delete('nothing-here');
    });
    expect(moved).toBe(false);
    expect(await psa.mappings.get('new')).toEqual(mapping('1'));
  });

  it('records runs: newest first, filtered, by id; prunes per pipeline and by age', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const state = await open(backend, { clock: () => now });
    const ids: number[] = [];
    for (const [pipeline, kind] of [
      ['nightly', 'run'],
      ['nightly', 'plan'],
      ['psa', 'run'],
      ['nightly', 'run'],
    ] as const) {
      now += 1000;
      const id = await state.history.start({ kind, pipeline, dryRun: kind === 'plan' });
      await state.history.finish(id, kind === 'plan' ? ok : { ...ok, status: 'failed' });
      ids.push(id);
    }
    const running = await state.history.start({ kind: 'run', pipeline: 'psa', dryRun: false });
    expect((await state.history.list()).map((r) => r.id)).toEqual([running, ...[...ids].reverse()]);
    expect((await state.history.list({ pipeline: 'nightly', kind: 'run' })).map((r) => r.id)).toEqual([
      ids[3],
      ids[0],
    ]);
    expect((await state.history.list({ status: 'running' })).map((r) => r.id)).toEqual([running]);
    expect((await state.history.list({ limit: 2 })).length).toBe(2);
    expect(await state.history.get(ids[1]!)).toMatchObject({
      pipeline: 'nightly',
      kind: 'plan',
      dryRun: true,
      status: 'ok',
      durationMs: 0,
      requests: { total: 1 },
    });
    expect(await state.history.get(9999)).toBeNull();
    // keep 1 per pipeline: nightly keeps its newest, psa its running one
    expect(await state.history.prune({ keep: 1, maxAgeDays: 90 })).toBe(3);
    expect((await state.history.list()).map((r) => r.id)).toEqual([running, ids[3]]);
    now += 91 * 86_400_000;
    expect(await state.history.prune({ keep: 10, maxAgeDays: 90 })).toBe(2);
    expect(await state.history.list()).toEqual([]);
  });
});

describe('the state store on Redis only', () => {
  it('a run whose process died on this host is settled as interrupted', async () => {
    const state = await StateStore.onRedis(redis.url, { instance: 'settle', alive: () => false });
    opened.push(state);
    const id = await state.history.start({ kind: 'run', pipeline: 'nightly', dryRun: false });
    expect(await state.history.get(id)).toMatchObject({
      status: 'interrupted',
      error: { code: 'ERUN_ABANDONED' },
    });
  });

  it('atomic re-runs a block when a value it read changed before its writes landed', async () => {
    const state = await open(backends[1]![1], { instance: 'race' });
    const other = await StateStore.onRedis(redis.url, { instance: 'race' });
    opened.push(other);
    await state.bookmarks.set('p', 'counter', 1);
    let runs = 0;
    await state.atomic(async () => {
      runs++;
      const seen = (await state.bookmarks.get<number>('p', 'counter'))!;
      if (runs === 1) await other.bookmarks.set('p', 'counter', 10); // another process, meanwhile
      await state.bookmarks.set('p', 'counter', seen + 1);
    });
    expect(runs).toBe(2);
    expect(await state.bookmarks.get('p', 'counter')).toBe(11); // not 2: the other write is not lost
  });

  it('refuses to list inside atomic (a listing cannot be guarded)', async () => {
    const state = await open(backends[1]![1]);
    await expect(
      state.atomic(async () => {
        await state.mappings.count('psa');
      }),
    ).rejects.toMatchObject({ code: 'ESTATE_INVALID' });
  });

  it('keeps every key of an instance under glueflow:{instance}:, in one Cluster slot', async () => {
    const state = await open(backends[1]![1], { instance: 'slots' });
    const id = await state.journal.begin(intent('company:1'));
    await state.journal.complete(id, '5', { contentHash: 'h' });
    await state.bookmarks.set('psa', 'cursor', 'x');
    await state.history.start({ kind: 'run', pipeline: 'nightly', dryRun: false });
    const raw = new Redis(redis.url);
    try {
      const keys = await raw.keys('*{slots}*');
      expect(keys.length).toBeGreaterThan(5);
      for (const key of keys) expect(key.startsWith('glueflow:{slots}:')).toBe(true);
    } finally {
      raw.disconnect();
    }
  });
});
