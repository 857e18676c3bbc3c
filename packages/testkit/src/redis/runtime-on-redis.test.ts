/**
 * A runtime with its state and locks in a real Redis, as N worker machines would share it: the crash
 * test of runtime-crash.test.ts on Redis (kill -9 mid-run, re-run converges with zero duplicates, the
 * state on another "machine" — another home — sees it all), two processes contending for a pipeline,
 * a run whose lock was taken from it writing nothing more, a Redis crash (AOF) mid-run, plan/apply.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator } from '@glueflow/emulator';
import type { RunningEmulator } from '@glueflow/emulator';
import { StateStore } from '@glueflow/core';
import { Redis } from 'ioredis';
import { orgPlugin } from '../__fixtures__/org-plugin.js';
import { startRedisServer } from '../redis-server.js';
import type { RunningRedis } from '../redis-server.js';
import { createTestEngine } from '../test-engine.js';
import type { TestEngine } from '../test-engine.js';

const runner = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'redis-runner.mjs');

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedisServer({ appendonly: true });
});
afterAll(async () => {
  await redis.stop();
});

function names(emulator: Pick<RunningEmulator, 'admin'>, prefix: string): Promise<string[]> {
  return emulator.admin
    .dump()
    .then((d) => d.organizations!.map((o) => String(o.attributes.name)).filter((n) => n.startsWith(prefix)));
}

describe('worker processes sharing one Redis', () => {
  const COUNT = 60;
  let emulator: RunningEmulator;
  const homes: string[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, latencyMs: 8 });
  });
  afterAll(async () => {
    await emulator.stop();
    for (const home of homes) await fs.promises.rm(home, { recursive: true, force: true });
  });

  /** One worker process, on a machine of its own (its own home: its own cache file). */
  async function worker(instance: string, killAfterCreates?: number, env: Record<string, string> = {}) {
    const home = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'glueflow-redis-worker-'));
    homes.push(home);
    type Out = { counts?: Record<string, number>; errors?: string[]; error?: string };
    return new Promise<{ killed: boolean; out: Out }>((resolve, reject) => {
      const child = spawn(process.execPath, [runner], {
        env: {
          ...process.env,
          GLUEFLOW_TEST_URL: emulator.url,
          GLUEFLOW_TEST_HOME: home,
          GLUEFLOW_TEST_COUNT: String(COUNT),
          GLUEFLOW_TEST_INSTANCE: instance,
          GLUEFLOW_REDIS_URL: redis.url,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const createsAtStart = emulator.admin.stats().creates;
      const timer =
        killAfterCreates === undefined
          ? undefined
          : setInterval(() => {
              if (emulator.admin.stats().creates - createsAtStart >= killAfterCreates) child.kill('SIGKILL');
            }, 2);
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        clearInterval(timer);
        if (signal === 'SIGKILL') resolve({ killed: true, out: {} });
        else if (code !== 0) reject(new Error(`runner failed (${code}): ${stderr}`));
        else resolve({ killed: false, out: JSON.parse(stdout) as Out });
      });
    });
  }

  it('killed with SIGKILL mid-run three times and re-run on another machine: zero duplicates, zero lost', async () => {
    let killedMidRun = 0;
    for (const creates of [5, 15, 25]) {
      const { killed } = await worker('crash', creates);
      const existing = (await names(emulator, 'Crash Co ')).length;
      if (killed && existing > 0 && existing < COUNT) killedMidRun++;
    }
    expect(killedMidRun).toBeGreaterThanOrEqual(2);
    const last = await worker('crash');
    expect(last.out.counts).toMatchObject({ failed: 0 });
    const all = await names(emulator, 'Crash Co ');
    expect(all).toHaveLength(COUNT);
    expect(new Set(all).size).toBe(COUNT);
    // The state in Redis has every mapping; another run writes nothing.
    const state = await StateStore.onRedis(redis.url, { instance: 'crash' });
    try {
      expect(await state.mappings.count('glueflow-plugin-test-orgs')).toBe(COUNT);
    } finally {
      await state.close();
    }
    const creates = emulator.admin.stats().creates;
    expect((await worker('crash')).out.counts).toMatchObject({ unchanged: COUNT, created: 0 });
    expect(emulator.admin.stats().creates).toBe(creates);
  });

  it("a whole run (a cron `glueflow run`) and a split run's batch of the same pipeline at once: each item written once", async () => {
    // The whole run holds the pipeline lock, the batch does not (its run goes on in other batches):
    // only the item locks keep them apart. Both start together and walk the same items in the same order.
    const go = `glueflow-test-go-${Date.now()}`;
    const env = { GLUEFLOW_TEST_GO: go, GLUEFLOW_TEST_PREFIX: 'Meet Co' };
    const both = Promise.all([
      worker('meet', undefined, env),
      worker('meet', undefined, { ...env, GLUEFLOW_TEST_MODE: 'batch' }),
    ]);
    const raw = new Redis(redis.url);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500)); // both runtimes open
      await raw.set(go, '1');
    } finally {
      raw.disconnect();
    }
    const outs = (await both).map((w) => w.out);
    for (const out of outs) expect(out).toMatchObject({ counts: { failed: 0 }, errors: [] });
    const all = await names(emulator, 'Meet Co ');
    expect(all).toHaveLength(COUNT);
    expect(new Set(all).size).toBe(COUNT);
    // Every item created by exactly one of them; the other found it (its mapping) and left it alone.
    expect(outs.reduce((n, out) => n + (out.counts?.created ?? 0), 0)).toBe(COUNT);
  });

  it('two batches ensure one flexible asset type and attach one file at once: one type, one attachment', async () => {
    await worker('book', undefined, { GLUEFLOW_TEST_COUNT: '1', GLUEFLOW_TEST_PREFIX: 'Book Co' }); // the organization
    const go = `glueflow-test-go-book-${Date.now()}`;
    const env = { GLUEFLOW_TEST_GO: go, GLUEFLOW_TEST_PREFIX: 'Book Co', GLUEFLOW_TEST_STEP: 'runbook' };
    const both = Promise.all([
      worker('book', undefined, { ...env, GLUEFLOW_TEST_MODE: 'batch' }),
      worker('book', undefined, { ...env, GLUEFLOW_TEST_MODE: 'batch' }),
    ]);
    const raw = new Redis(redis.url);
    // Slow answers widen each look-up-then-create window, so both processes are inside it together.
    emulator.admin.configure({ latencyMs: 100 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500)); // both runtimes open
      await raw.set(go, '1');
      for (const { out } of await both) {
        expect(out.errors).toEqual([]); // without the type's lock: "name has already been taken"
        expect(out.counts).toMatchObject({ failed: 0 });
      }
    } finally {
      emulator.admin.configure({ latencyMs: 8 });
      raw.disconnect();
    }
    const dump = await emulator.admin.dump();
    const types = (dump['flexible-asset-types'] ?? []).filter((t) => t.attributes.name === 'Runbook');
    expect(types).toHaveLength(1);
    const assets = (dump['flexible-assets'] ?? []).filter(
      (a) => (a.attributes.traits as { title?: string } | undefined)?.title === 'Book Co runbook',
    );
    expect(assets).toHaveLength(1);
    const files = (dump.attachments ?? []).filter(
      (a) => String(a.attributes['resource-id']) === String(assets[0]!.id),
    );
    expect(files).toHaveLength(1);
    expect((dump.documents ?? []).filter((d) => d.attributes.name === 'Book Co runbook')).toHaveLength(1);
  });

  it('two worker processes start the same pipeline at once: one runs it, the other gets EPIPELINE_BUSY', async () => {
    const outs = (await Promise.all([worker('contend'), worker('contend')])).map((w) => w.out);
    expect(outs.filter((o) => o.error === 'EPIPELINE_BUSY')).toHaveLength(1);
    expect(outs.find((o) => o.counts)?.counts).toMatchObject({ failed: 0 });
  });
});

describe('a runtime on Redis', () => {
  const companies = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => ({ key: `k:${i + 1}`, name: `${prefix} ${i + 1}` }));
  let instances = 0;
  async function engine(n: number, prefix: string, latencyMs = 0): Promise<TestEngine> {
    return createTestEngine({
      plugins: [orgPlugin],
      pipelines: { sync: [{ step: 'orgs.sync', with: { companies: companies(n, prefix) } }] },
      emulator: { latencyMs },
      instance: `runtime-${++instances}`,
      env: { GLUEFLOW_REDIS_URL: redis.url },
      storage: { redis: { env: 'GLUEFLOW_REDIS_URL' } },
    });
  }

  it('a run whose pipeline lock was taken from it mid-run sends nothing more (ESTATE_LOCK_LOST)', async () => {
    const t = await engine(30, 'Fenced', 5);
    const raw = new Redis(redis.url);
    try {
      const lock = `glueflow:{${t.runtime.config.instanceName}}:lock:pipeline:sync`;
      let writes = 0;
      t.runtime.engine.hooks.beforeWrite.tapPromise('test', async (write) => {
        // The lock expired and another worker took it: its key now holds another holder's value.
        if (++writes === 5) await raw.set(lock, '99:{}');
        return write;
      });
      const summary = await t.run('sync');
      const created = (await names(t.emulator, 'Fenced ')).length;
      // Only the creates already sent (past the check, concurrency 8) reached IT Glue; their journal
      // entries and mappings were refused (fenced), so every item failed and the intents stay pending.
      expect(created).toBeLessThan(5 + 8);
      expect(summary.counts).toMatchObject({ created: 0, failed: 30 });
      expect(JSON.stringify(t.logs)).toContain('ESTATE_LOCK_LOST');
      // The next holder adopts what the fenced-out run created: every record exactly once.
      await raw.del(lock);
      expect((await t.run('sync')).counts.failed).toBe(0);
      const all = await names(t.emulator, 'Fenced ');
      expect(all).toHaveLength(30);
      expect(new Set(all).size).toBe(30);
    } finally {
      raw.disconnect();
      await t.close();
    }
  });

  it('Redis killed (SIGKILL) mid-run and restarted: the run waits it out; a re-run converges, 0 duplicates', async () => {
    const t = await engine(40, 'Restart', 5);
    try {
      const creates = t.admin.stats().creates;
      const watcher = setInterval(() => {
        if (t.admin.stats().creates - creates >= 10) {
          clearInterval(watcher);
          void redis.restart({ signal: 'SIGKILL' });
        }
      }, 2);
      await t.run('sync').catch(() => undefined); // completes, or fails cleanly on a racing commit
      clearInterval(watcher);
      const again = await t.run('sync');
      expect(again.counts.failed).toBe(0);
      const all = await names(t.emulator, 'Restart ');
      expect(all).toHaveLength(40);
      expect(new Set(all).size).toBe(40);
      expect((await t.run('sync')).counts).toMatchObject({ unchanged: 40, created: 0 });
    } finally {
      await t.close();
    }
  });

  it("lost state (the instance's keys deleted from Redis): the next run adopts every record, 0 creates", async () => {
    const t = await engine(12, 'Adopted');
    const raw = new Redis(redis.url);
    try {
      expect((await t.run('sync')).counts).toMatchObject({ created: 12 });
      const keys = await raw.keys(`glueflow:{${t.runtime.config.instanceName}}:*`);
      expect(keys.length).toBeGreaterThan(0);
      await raw.del(...keys);
      const lost = await StateStore.onRedis(redis.url, { instance: t.runtime.config.instanceName });
      expect(await lost.mappings.count('glueflow-plugin-test-orgs')).toBe(0);
      await lost.close();
      const creates = t.admin.stats().creates;
      expect((await t.run('sync')).counts).toMatchObject({ created: 0, unchanged: 12, failed: 0 });
      expect(t.admin.stats().creates).toBe(creates);
      const all = await names(t.emulator, 'Adopted ');
      expect(all).toHaveLength(12);
      // The adopted mappings are in Redis again: another run reads nothing by name.
      const state = await StateStore.onRedis(redis.url, { instance: t.runtime.config.instanceName });
      try {
        expect(await state.mappings.count('glueflow-plugin-test-orgs')).toBe(12);
      } finally {
        await state.close();
      }
    } finally {
      raw.disconnect();
      await t.close();
    }
  });

  it('plan and apply: the plan writes nothing; apply writes it; the state (in Redis) then says unchanged', async () => {
    const t = await engine(5, 'Planned');
    try {
      const plan = await t.planOf('sync');
      expect(plan.counts).toMatchObject({ created: 5 });
      expect(await names(t.emulator, 'Planned ')).toEqual([]);
      const state = await StateStore.onRedis(redis.url, { instance: t.runtime.config.instanceName });
      try {
        expect(await state.mappings.count('glueflow-plugin-test-orgs')).toBe(0);
        expect((await t.apply(plan)).counts).toMatchObject({ created: 5, failed: 0 });
        expect(await state.mappings.count('glueflow-plugin-test-orgs')).toBe(5);
      } finally {
        await state.close();
      }
      expect((await names(t.emulator, 'Planned ')).length).toBe(5);
      expect((await t.planOf('sync')).counts).toMatchObject({ unchanged: 5, created: 0 });
    } finally {
      await t.close();
    }
  });
});
