/**
 * Two real processes on one file: SQLite's locks, not our in-process write lock, must keep them from
 * losing updates or corrupting the file; and a process killed mid-transaction leaves nothing half-written.
 */
import { describe, expect, test } from '@jest/globals';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GlueflowStorage } from '../storage/glueflow-storage.js';
import { outputOf, spawnTs, waitForLine } from '../storage/__fixtures__/child-process.js';
import { StateStore } from './state-store.js';

const WRITER = fileURLToPath(new URL('./__fixtures__/state-writer.ts', import.meta.url));

async function tempFile(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'glueflow-processes-'));
  const file = path.join(dir, 'default.sqlite');
  await (await StateStore.open({ file })).close(); // schema in place before the race starts
  return file;
}

async function integrity(file: string): Promise<string> {
  const storage = await GlueflowStorage.open({ file });
  try {
    const [row] = await storage.all<{ integrity_check: string }>('PRAGMA integrity_check');
    return row?.integrity_check ?? 'no answer';
  } finally {
    await storage.close();
  }
}

describe('two processes on one file', () => {
  test('concurrent journal + mapping writes and read-modify-writes lose nothing', async () => {
    const file = await tempFile();
    const count = 60;
    const children = ['alpha', 'beta'].map((plugin) =>
      spawnTs(WRITER, [file, plugin, String(count), 'write']),
    );
    await Promise.all(children.map(outputOf));

    const store = await StateStore.open({ file });
    try {
      for (const plugin of ['alpha', 'beta']) {
        const state = store.forPlugin(plugin);
        expect(await state.mappings.count()).toBe(count);
        expect(await state.mappings.get(`item-${count - 1}`)).toMatchObject({ id: `${plugin}-${count - 1}` });
        expect(await state.journal.pending()).toEqual([]);
      }
      expect(await store.forPlugin('shared').bookmarks.get('counter')).toBe(2 * count);
    } finally {
      await store.close();
    }
    expect(await integrity(file)).toBe('ok');
  });

  test('a process killed inside a transaction leaves none of it behind', async () => {
    const file = await tempFile();
    const child = spawnTs(WRITER, [file, 'psa', '0', 'crash-mid-transaction']);
    await waitForLine(child, 'inside');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));

    const store = await StateStore.open({ file });
    try {
      const state = store.forPlugin('psa');
      expect(await state.mappings.get('half-written')).toBeUndefined();
      expect(await state.bookmarks.get('cursor')).toBeUndefined();
      expect(await state.mappings.count()).toBe(0);
    } finally {
      await store.close();
    }
    expect(await integrity(file)).toBe('ok');
  });

  test('an intent journaled before a crash is still pending for the next run to reconcile', async () => {
    const file = await tempFile();
    const child = spawnTs(WRITER, [file, 'markdown', '0', 'crash-after-begin']);
    await waitForLine(child, 'begun');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));

    const store = await StateStore.open({ file });
    try {
      const pending = await store.forPlugin('markdown').journal.pending();
      expect(pending).toHaveLength(1);
      expect(pending[0]).toMatchObject({
        sourceKey: 'doc.md',
        naturalKey: { name: 'Runbook' },
        status: 'pending',
      });
    } finally {
      await store.close();
    }
  });
});
