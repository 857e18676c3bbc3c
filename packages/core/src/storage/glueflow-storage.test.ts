import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, test } from '@jest/globals';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { GlueflowStorage, deleteStorageFiles } from './glueflow-storage.js';
import { resolveStorageFile } from './storage-path.js';
import { isGlueflowError, type GlueflowError } from '../errors/index.js';
import { openSharedBudget } from '@glueflow/itglue';

const opened: GlueflowStorage[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((storage) => storage.close()));
});

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'glueflow-storage-'));
}

async function open(options: Parameters<typeof GlueflowStorage.open>[0]): Promise<GlueflowStorage> {
  const storage = await GlueflowStorage.open(options);
  opened.push(storage);
  return storage;
}

async function failure(promise: Promise<unknown>): Promise<GlueflowError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isGlueflowError(error)) throw new Error(`expected a storage error, got ${String(error)}`);
  return error;
}

function mode(stat: { mode: number }): number {
  return stat.mode & 0o777;
}

describe('where the file lives', () => {
  test('GLUEFLOW_HOME wins, then XDG_CACHE_HOME/glueflow, one file per instance', () => {
    expect(
      resolveStorageFile({ env: { GLUEFLOW_HOME: '/srv/gf', XDG_CACHE_HOME: '/x' }, instance: 'prod' }),
    ).toBe('/srv/gf/prod.sqlite');
    expect(resolveStorageFile({ env: { XDG_CACHE_HOME: '/x' } })).toBe('/x/glueflow/default.sqlite');
    expect(resolveStorageFile({ file: 'rel/cache.sqlite', env: { GLUEFLOW_HOME: '/srv' } })).toBe(
      path.resolve('rel/cache.sqlite'),
    );
  });

  test('an instance name that would escape the folder is refused', () => {
    expect(() => resolveStorageFile({ env: { GLUEFLOW_HOME: '/srv' }, instance: '../etc/passwd' })).toThrow(
      expect.objectContaining({ code: 'ECACHE_USAGE' }),
    );
  });

  test('a missing folder is created 0700 and the file 0600, write-ahead log included', async () => {
    const home = path.join(await tempDir(), 'deep', 'glueflow');
    const storage = await open({ env: { GLUEFLOW_HOME: home }, instance: 'prod' });
    await storage.write(() => storage.all(`INSERT INTO kv (key, value) VALUES ('a:b', '{}')`));
    expect(storage.file).toBe(path.join(home, 'prod.sqlite'));
    expect(mode(await fs.stat(home))).toBe(0o700);
    expect(mode(await fs.stat(storage.file))).toBe(0o600);
    expect(mode(await fs.stat(`${storage.file}-wal`))).toBe(0o600);
  });

  test('an existing GLUEFLOW_HOME keeps its mode: glueflow chmods only folders it created', async () => {
    const home = await tempDir();
    await fs.chmod(home, 0o755);
    const storage = await open({ env: { GLUEFLOW_HOME: home }, instance: 'prod' });
    expect(mode(await fs.stat(home))).toBe(0o755);
    expect(mode(await fs.stat(storage.file))).toBe(0o600);
  });

  test.each([
    ['1777 (sticky, like /tmp)', 0o1777],
    ['0777', 0o777],
  ])(
    'a GLUEFLOW_HOME every user can write (mode %s) is refused and left as it is',
    async (_name, folderMode) => {
      if (process.platform === 'win32') return;
      const home = await tempDir();
      await fs.chmod(home, folderMode);
      const error = await failure(GlueflowStorage.open({ env: { GLUEFLOW_HOME: home }, instance: 'prod' }));
      expect(error.code).toBe('ECACHE_UNSAFE_HOME');
      expect(error.message).toBe(
        `refusing to keep glueflow's cache and state in ${home}: every user can write that folder`,
      );
      expect(error.hint).toMatch(/GLUEFLOW_HOME to a folder of your own/);
      expect((await fs.stat(home)).mode & 0o7777).toBe(folderMode);
      await expect(fs.stat(path.join(home, 'prod.sqlite'))).rejects.toMatchObject({ code: 'ENOENT' });
      // The rate budget's file, kept in the same folder, is refused too.
      const budget = await openSharedBudget({ apiKey: 'ITG.k', home, requests: 5, windowSeconds: 1 }).then(
        () => null,
        (caught: unknown) => caught as Error,
      );
      expect(budget?.message).toMatch(/every user can write that folder/);
      expect((await fs.stat(home)).mode & 0o7777).toBe(folderMode);
    },
  );

  test('an existing file readable by others is tightened to 0600', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'default.sqlite');
    await fs.writeFile(file, '');
    await fs.chmod(file, 0o644);
    await open({ file });
    expect(mode(await fs.stat(file))).toBe(0o600);
  });
});

describe('damaged, locked and unusable files', () => {
  test('garbage bytes give ECACHE_CORRUPT naming the file and `glueflow cache clear`', async () => {
    const file = path.join(await tempDir(), 'default.sqlite');
    await fs.writeFile(file, 'this is not a database, it is a shopping list\n'.repeat(100));
    const error = await failure(GlueflowStorage.open({ file }));
    expect(error.code).toBe('ECACHE_CORRUPT');
    expect(error.message).toContain(file);
    expect(error.message).not.toContain('\n');
    expect(error.hint).toContain('glueflow cache clear');
    expect(error.where).toBe(file);
  });

  test('a database with a damaged schema page gives ECACHE_CORRUPT, not SQLITE_CORRUPT', async () => {
    const file = path.join(await tempDir(), 'default.sqlite');
    const storage = await GlueflowStorage.open({ file });
    await storage.write(() => storage.all(`CREATE TABLE t (x)`));
    await storage.close();
    const bytes = await fs.readFile(file);
    bytes.fill(0xa5, 100, 4096); // keep the 100-byte header, wreck the rest of page 1
    await fs.writeFile(file, bytes);
    const error = await failure(GlueflowStorage.open({ file }));
    expect(error.code).toBe('ECACHE_CORRUPT');
    expect(error.message).toContain(file);
  });

  test('deleteStorageFiles removes a corrupt file so the next open starts clean', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'default.sqlite');
    await fs.writeFile(file, 'garbage');
    await fs.writeFile(`${file}-wal`, 'garbage');
    expect(await deleteStorageFiles({ file })).toEqual([file, `${file}-wal`]);
    await open({ file });
  });

  test('a file another connection keeps write-locked gives ECACHE_LOCKED after the lock timeout', async () => {
    const file = path.join(await tempDir(), 'default.sqlite');
    const storage = await open({ file, busyTimeoutMs: 20, lockTimeoutMs: 150 });
    const other = await rawConnection(file);
    await run(other, 'BEGIN IMMEDIATE');
    const error = await failure(storage.write(() => storage.all(`INSERT INTO kv VALUES ('a:1', '{}')`)));
    expect(error.code).toBe('ECACHE_LOCKED');
    expect(error.message).toContain(file);
    expect(error.hint).toContain('glueflow cache clear');
    await run(other, 'ROLLBACK');
    await close(other);
  });

  test('a write waits for a lock released within the timeout instead of failing', async () => {
    const file = path.join(await tempDir(), 'default.sqlite');
    const storage = await open({ file, busyTimeoutMs: 20, lockTimeoutMs: 5000 });
    const other = await rawConnection(file);
    await run(other, 'BEGIN IMMEDIATE');
    const write = storage.write(() => storage.all(`INSERT INTO kv VALUES ('a:1', '{}')`));
    setTimeout(() => void run(other, 'COMMIT'), 100);
    await write;
    expect(await storage.all(`SELECT key FROM kv`)).toEqual([{ key: 'a:1' }]);
    await close(other);
  });

  test('a file held in exclusive locking mode cannot be opened: ECACHE_LOCKED', async () => {
    const file = path.join(await tempDir(), 'default.sqlite');
    await (await GlueflowStorage.open({ file })).close();
    const other = await rawConnection(file);
    await run(other, 'PRAGMA locking_mode=EXCLUSIVE');
    await run(other, 'BEGIN EXCLUSIVE');
    await run(other, `INSERT INTO kv VALUES ('x:1', '{}')`);
    const error = await failure(GlueflowStorage.open({ file, busyTimeoutMs: 20, lockTimeoutMs: 100 }));
    expect(error.code).toBe('ECACHE_LOCKED');
    await run(other, 'COMMIT');
    await close(other);
  });

  test('a folder that cannot be created gives ECACHE_IO', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'not-a-folder'), '');
    const error = await failure(
      GlueflowStorage.open({ env: { GLUEFLOW_HOME: path.join(dir, 'not-a-folder', 'x') } }),
    );
    expect(error.code).toBe('ECACHE_IO');
    expect(error.hint).toContain('GLUEFLOW_HOME');
  });
});

describe('keyv namespaces on the shared table', () => {
  test('namespaces that keyv would treat as LIKE patterns are refused', async () => {
    const storage = await open({ file: path.join(await tempDir(), 'default.sqlite') });
    for (const bad of ['cache_types', 'cache%', 'a:b', 'Cache']) {
      expect(() => storage.keyv(bad)).toThrow(expect.objectContaining({ code: 'ECACHE_USAGE' }));
    }
  });

  test('many namespace views (cached types × plugins) raise no listener-leak warning', async () => {
    // keyv adds an 'error' listener to the shared store per view; Node warns on stderr past 10. The
    // warning goes to the real process, so the views are made in a child (over the built dist/).
    const file = path.join(await tempDir(), 'default.sqlite');
    const dist = new URL('../../dist/storage/glueflow-storage.js', import.meta.url).href;
    const script = `const { GlueflowStorage } = await import(${JSON.stringify(dist)});
      const storage = await GlueflowStorage.open({ file: ${JSON.stringify(file)} });
      for (let i = 0; i < 30; i++) await storage.keyv('state-p' + i).set('k', i);
      await storage.close();`;
    const { stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    expect(stderr).not.toMatch(/MaxListenersExceededWarning/);
  });

  test('deleting a namespace removes exactly its keys, not a namespace it prefixes', async () => {
    const storage = await open({ file: path.join(await tempDir(), 'default.sqlite') });
    const a = storage.keyv<number>('cache-a');
    const ab = storage.keyv<number>('cache-ab');
    await storage.write(async () => {
      await a.set('1', 1);
      await ab.set('1', 2);
      await storage.keyv<number>('state-x').set('1', 3);
    });
    await storage.deleteNamespace('cache-a');
    expect(await a.get('1')).toBeUndefined();
    expect(await ab.get('1')).toBe(2);
    expect(await storage.keyv<number>('state-x').get('1')).toBe(3);
  });

  test('setMany writes the rows keyv.set would write, and keyv reads them back', async () => {
    const storage = await open({ file: path.join(await tempDir(), 'default.sqlite') });
    const kv = storage.keyv<{ n: number }>('bulk');
    await storage.write(async () => {
      await kv.set('one', { n: 1 });
      await storage.setMany('bulk', [{ key: 'two', value: { n: 1 } }]);
    });
    const rows = await storage.all<{ key: string; value: string }>(`SELECT key, value FROM kv ORDER BY key`);
    expect(rows.map((row) => row.value)).toEqual([rows[0]?.value, rows[0]?.value]);
    expect(await kv.getMany(['one', 'two'])).toEqual([{ n: 1 }, { n: 1 }]);
  });

  test('a failing transaction leaves nothing behind', async () => {
    const storage = await open({ file: path.join(await tempDir(), 'default.sqlite') });
    const kv = storage.keyv<number>('tx');
    await expect(
      storage.write(async () => {
        await kv.set('a', 1);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await kv.get('a')).toBeUndefined();
  });
});

function rawConnection(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(db)));
  });
}

function run(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) =>
    db.run(sql, (error: Error | null) => (error ? reject(error) : resolve())),
  );
}

function close(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
}
