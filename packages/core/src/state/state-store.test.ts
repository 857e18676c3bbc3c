import { afterEach, describe, expect, test } from '@jest/globals';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GlueflowStorage } from '../storage/glueflow-storage.js';
import { MetadataCache } from '../cache/metadata-cache.js';
import { StateStore } from './state-store.js';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const each of opened.splice(0).reverse()) await each.close();
});

async function openState(clock?: () => number): Promise<StateStore> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'glueflow-state-'));
  const state = await StateStore.open({
    file: path.join(dir, 'default.sqlite'),
    ...(clock ? { clock } : {}),
  });
  opened.push(state);
  return state;
}

const mapping = (id: string) => ({
  resourceType: 'organizations' as const,
  id,
  contentHash: `hash-${id}`,
  updatedAt: '2026-01-01T00:00:00Z',
});

describe('mappings', () => {
  test('get/set/delete per plugin: the same source key in two plugins is two mappings', async () => {
    const state = await openState();
    await state.mappings.set('@glueflow/plugin-psa', 'company:42', mapping('1'));
    await state.mappings.set('@glueflow/plugin-markdown', 'company:42', mapping('2'));
    expect(await state.mappings.get('@glueflow/plugin-psa', 'company:42')).toEqual(mapping('1'));
    expect(await state.mappings.get('@glueflow/plugin-markdown', 'company:42')).toEqual(mapping('2'));
    await state.mappings.delete('@glueflow/plugin-psa', 'company:42');
    expect(await state.mappings.get('@glueflow/plugin-psa', 'company:42')).toBeUndefined();
    expect(await state.mappings.get('@glueflow/plugin-markdown', 'company:42')).toEqual(mapping('2'));
  });

  test('a plugin view binds the plugin name', async () => {
    const state = await openState();
    const psa = state.forPlugin('psa');
    await psa.mappings.set('company:1', mapping('5'));
    expect(await state.mappings.get('psa', 'company:1')).toEqual(mapping('5'));
    expect(await psa.mappings.count()).toBe(1);
  });

  test('list yields every mapping of one plugin in key order, across pages, keys with LIKE wildcards included', async () => {
    const state = await openState();
    const plugin = state.forPlugin('plugin_with%wildcards');
    const keys = Array.from({ length: 1001 }, (_, i) => `docs/${String(i).padStart(4, '0')}_%.md`);
    await plugin.atomic(async () => {
      for (const key of keys) await plugin.mappings.set(key, mapping(key));
      await state.mappings.set('plugin', 'x', mapping('x'));
    });
    const listed: string[] = [];
    for await (const [key, value] of plugin.mappings.list()) {
      expect(value.id).toBe(key);
      listed.push(key);
    }
    expect(listed).toEqual(keys);
    expect(await plugin.mappings.count()).toBe(1001);
  });

  test('an incomplete mapping, an empty key or plugin is refused with ESTATE_INVALID', async () => {
    const state = await openState();
    await expect(state.mappings.set('psa', 'k', { ...mapping('1'), id: '' })).rejects.toMatchObject({
      code: 'ESTATE_INVALID',
      message: expect.stringContaining('id'),
    });
    await expect(state.mappings.set('psa', '', mapping('1'))).rejects.toMatchObject({
      code: 'ESTATE_INVALID',
    });
    expect(() => state.forPlugin('')).toThrow(expect.objectContaining({ code: 'ESTATE_INVALID' }));
  });
});

const intent = {
  sourceKey: 'a.md',
  resourceType: 'documents' as const,
  naturalKey: { name: 'A', organizationId: '7' },
  payloadHash: 'p',
};

describe('write journal', () => {
  test('begin → pending → complete with a mapping stores both together', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const state = (await openState(() => now)).forPlugin('markdown');
    const journalId = await state.journal.begin(intent);
    expect(await state.journal.get(journalId)).toMatchObject({
      ...intent,
      plugin: 'markdown',
      status: 'pending',
      startedAt: '2026-03-01T10:00:00.000Z',
    });
    expect((await state.journal.pending()).map((e) => e.journalId)).toEqual([journalId]);
    now += 1000;
    await state.journal.complete(journalId, '77', { contentHash: 'c', updatedAt: 'u' });
    expect(await state.journal.get(journalId)).toMatchObject({
      status: 'completed',
      recordId: '77',
      finishedAt: '2026-03-01T10:00:01.000Z',
    });
    expect(await state.mappings.get('a.md')).toEqual({
      resourceType: 'documents',
      id: '77',
      contentHash: 'c',
      updatedAt: 'u',
    });
    expect(await state.journal.pending()).toEqual([]);
  });

  test('complete without a mapping only closes the intent (the write gate stores the mapping itself)', async () => {
    const store = await openState();
    const journalId = await store.journal.begin({ ...intent, plugin: 'markdown' });
    await store.journal.complete(journalId, '77');
    expect(await store.journal.get(journalId)).toMatchObject({ status: 'completed', recordId: '77' });
    expect(await store.mappings.get('markdown', 'a.md')).toBeUndefined();
  });

  test('pending() of a plugin lists only its intents', async () => {
    const store = await openState();
    await store.journal.begin({ ...intent, plugin: 'markdown' });
    await store.journal.begin({ ...intent, plugin: 'psa' });
    expect((await store.journal.pending('psa')).map((e) => e.plugin)).toEqual(['psa']);
    expect(await store.journal.pending()).toHaveLength(2);
  });

  test('abandon closes an intent without a mapping; closing twice or an unknown id is refused', async () => {
    const state = (await openState()).forPlugin('markdown');
    const journalId = await state.journal.begin(intent);
    await state.journal.abandon(journalId, 'found existing record 12');
    expect(await state.journal.get(journalId)).toMatchObject({
      status: 'abandoned',
      reason: 'found existing record 12',
    });
    expect(await state.mappings.get('a.md')).toBeUndefined();
    await expect(state.journal.complete(journalId, '1')).rejects.toMatchObject({ code: 'ESTATE_INVALID' });
    await expect(state.journal.abandon('nope', 'x')).rejects.toMatchObject({
      code: 'ESTATE_UNKNOWN_JOURNAL',
    });
  });

  test('prune drops closed entries older than the cutoff and keeps pending ones', async () => {
    let now = 0;
    const store = await openState(() => now);
    const state = store.forPlugin('p');
    const old = await state.journal.begin(intent);
    await state.journal.complete(old, '1');
    const stillPending = await state.journal.begin(intent);
    now = 10 * 86_400_000;
    expect(await store.journal.prune(86_400_000)).toBe(1);
    expect(await state.journal.get(old)).toBeUndefined();
    expect(await state.journal.get(stillPending)).toMatchObject({ status: 'pending' });
  });

  test('a completion that fails half-way leaves the intent pending and no mapping', async () => {
    const state = (await openState()).forPlugin('p');
    const journalId = await state.journal.begin(intent);
    // The mapping is written first inside the transaction; an invalid hash makes the step fail.
    await expect(state.journal.complete(journalId, '9', { contentHash: '' })).rejects.toMatchObject({
      code: 'ESTATE_INVALID',
    });
    expect(await state.journal.get(journalId)).toMatchObject({ status: 'pending' });
    expect(await state.mappings.get('a.md')).toBeUndefined();
  });

  test('an intent missing its natural key is refused', async () => {
    const store = await openState();
    await expect(
      store.journal.begin({ ...intent, plugin: 'p', naturalKey: {} as never }),
    ).rejects.toMatchObject({ code: 'ESTATE_INVALID', message: expect.stringContaining('naturalKey.name') });
  });
});

describe('watermarks and bookmarks', () => {
  test('watermarks keep the newest updated-at and the ids seen at it', async () => {
    const state = (await openState()).forPlugin('glueflow');
    await state.watermarks.set('watch:organizations', { at: '2026-01-01T00:00:00Z', seenIds: ['1', '2'] });
    expect(await state.watermarks.get('watch:organizations')).toEqual({
      at: '2026-01-01T00:00:00Z',
      seenIds: ['1', '2'],
    });
    await expect(state.watermarks.set('watch:x', { at: '', seenIds: [] })).rejects.toMatchObject({
      code: 'ESTATE_INVALID',
    });
  });

  test('bookmarks hold any JSON value and refuse what JSON cannot keep', async () => {
    const state = (await openState()).forPlugin('psa');
    await state.bookmarks.set('psa-nightly', { page: 3, after: 'c-120', done: false });
    expect(await state.bookmarks.get('psa-nightly')).toEqual({ page: 3, after: 'c-120', done: false });
    await expect(state.bookmarks.set('x', undefined as never)).rejects.toMatchObject({
      code: 'ESTATE_INVALID',
    });
    const listed = [];
    for await (const entry of state.bookmarks.list()) listed.push(entry);
    expect(listed).toEqual([['psa-nightly', { page: 3, after: 'c-120', done: false }]]);
  });
});

describe('sharing the file with the cache', () => {
  test('clearing every cache type leaves the state store intact', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'glueflow-state-'));
    const storage = await GlueflowStorage.open({ file: path.join(dir, 'default.sqlite') });
    opened.push(storage);
    const state = (await StateStore.over(storage)).forPlugin('psa');
    const cache = await MetadataCache.over(storage);
    await state.mappings.set('company:1', mapping('9'));
    await state.bookmarks.set('cursor', 5);
    await cache.put('organizations', { id: '9', name: 'Acme' });
    await cache.clear();
    expect((await cache.stats()).entries.organizations).toBe(0);
    expect(await state.mappings.get('company:1')).toEqual(mapping('9'));
    expect(await state.bookmarks.get('cursor')).toBe(5);
  });
});
