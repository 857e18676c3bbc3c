/**
 * `glueflow worker`, `glueflow workers`, `glueflow runs failed` and `glueflow runs retry` as a user runs
 * them: the CLI processes against the emulator and a real redis-server; without Redis each says how to
 * set it (exit 64).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { StateStore } from '@glueflow/core';
import { WorkQueue } from '@glueflow/serve';
import { startRedisServer, waitFor } from '@glueflow/testkit';
import type { RunningRedis } from '@glueflow/testkit';
import { Capture, createProject } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';

let redis: RunningRedis;
let project: Project | undefined;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  await project?.close();
  project = undefined;
});

describe('glueflow runs with Redis', () => {
  it('reads the run history the workers write in Redis, not the local file', async () => {
    project = await createProject(null, { generate: { organizations: 1, perOrganization: 0 } });
    const state = await StateStore.onRedis(redis.url, { instance: 'default' });
    try {
      const id = await state.history.start({ kind: 'run', pipeline: 'nightly-on-redis', dryRun: false });
      await state.history.finish(id, {
        status: 'ok',
        counts: null,
        requests: { total: 3, retries: 0, rateLimited: 0 },
        warnings: 0,
        events: {},
        messages: [],
        messageTotals: { errors: 0, warnings: 0 },
      });
    } finally {
      await state.close();
    }
    const listed = await project.cli(['runs', '--json'], { env: { GLUEFLOW_REDIS_URL: redis.url } });
    expect(listed.code).toBe(0);
    expect((listed.json() as { runs: Array<{ pipeline: string; status: string }> }).runs).toEqual([
      expect.objectContaining({ pipeline: 'nightly-on-redis', status: 'ok' }),
    ]);
    const local = await project.cli(['runs', '--json']);
    expect((local.json() as { runs: unknown[] }).runs).toEqual([]);
  });
});

describe('glueflow worker and the work queue', () => {
  it('without Redis, says how to set it (exit 64)', async () => {
    project = await createProject(null, { generate: { organizations: 1, perOrganization: 0 } });
    const refused = await project.cli(['workers']);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('GLUEFLOW_REDIS_URL');
    expect(refused.stderr).toContain('docs/scale-out.md');
  });

  it('a worker is listed while it runs; a run that fails lands in `runs failed`, `runs retry` re-queues it; SIGTERM exits 0', async () => {
    project = await createProject(null, { generate: { organizations: 1, perOrganization: 0 } });
    const env = { GLUEFLOW_REDIS_URL: redis.url };
    const controller = new AbortController();
    const stderr = new Capture();
    const working = project.cli(['worker', '--concurrency', '2'], { env, signal: controller.signal, stderr });
    await waitFor(() => (stderr.text.includes('takes runs of') ? true : undefined), 'the worker');

    const listed = await project.cli(['workers', '--json'], { env });
    expect(listed.code).toBe(0);
    const { workers } = listed.json() as { workers: Array<{ concurrency: number; current: unknown[] }> };
    expect(workers).toHaveLength(1);
    expect(workers[0]).toMatchObject({ concurrency: 2, current: [] });

    // A run of a pipeline this config does not have fails at once; one attempt, then the failed set.
    const queue = WorkQueue.open(redis.url, 'default', { attempts: 1 });
    try {
      const id = await queue.enqueue({ pipeline: 'nope', requestedBy: 'cli' });
      const failed = await waitFor(async () => {
        const answer = await project!.cli(['runs', 'failed', '--json'], { env });
        const list = (answer.json() as { failed: Array<{ id: string; reason: string }> }).failed;
        return list.length === 1 ? list : undefined;
      }, 'the failed run');
      expect(failed[0]).toMatchObject({ id, pipeline: 'nope' });
      expect(failed[0]!.reason).toContain('nope');
      const human = await project.cli(['runs', 'failed'], { env });
      expect(human.stdout).toContain(`${id}  nope`);

      const retried = await project.cli(['runs', 'retry', id], { env });
      expect(retried.code).toBe(0);
      expect(retried.stdout).toContain(`job ${id} is queued again`);
      const unknown = await project.cli(['runs', 'retry', 'no-such-job'], { env });
      expect(unknown.code).toBe(64);
    } finally {
      await queue.close();
    }

    controller.abort('SIGTERM');
    const stopped = await working;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain('stopped');
    const after = await project.cli(['workers', '--json'], { env });
    expect((after.json() as { workers: unknown[] }).workers).toEqual([]);
  });
});
