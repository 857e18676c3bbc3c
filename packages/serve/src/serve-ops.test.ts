/**
 * The operations endpoints over real HTTP, and the service's life: loopback by default, /healthz,
 * /readyz (ready with a live IT Glue, 503 with reasons without one), /metrics in Prometheus text fed
 * by the engine's hooks, the run history behind its bearer token, and stop() draining what is in flight.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { definePlugin } from '@glueflow/core';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import { z } from 'zod';
import { startServe } from './index.js';
import type { RunningServe } from './index.js';

const RUNS_TOKEN = 'runs-token-51c0ffee';
let t: TestEngine | undefined;
let s: RunningServe | undefined;
afterEach(async () => {
  await s?.stop();
  await t?.close();
  s = t = undefined;
});

const counter = definePlugin({
  name: 'glueflow-plugin-test-counter',
  options: z.object({}).strict(),
  apply(host) {
    host.registerStep('count.items', {
      description: 'three items, one skipped',
      options: z.object({}).strict(),
      async run(ctx) {
        await ctx.resolveOrganization({ kind: 'name', value: 'nobody' }); // an IT Glue read or two
        await ctx.forEachItem(
          ['a', 'b', 'c'],
          (item) => item,
          async (item) => ctx.count(item === 'c' ? 'skipped' : 'unchanged'),
        );
      },
    });
  },
});

async function start() {
  t = await createTestEngine({
    plugins: [counter],
    pipelines: { nightly: [{ step: 'count.items' }] },
    emulator: { generate: { organizations: 1, perOrganization: 0 } },
    env: { GLUEFLOW_RUNS_TOKEN: RUNS_TOKEN },
  });
  s = await startServe({
    runtime: t.runtime,
    port: 0,
    config: { runsToken: { env: 'GLUEFLOW_RUNS_TOKEN' } },
  });
  return { t, s };
}

describe('operations endpoints', () => {
  it('healthz, readyz, metrics and the run history behind a bearer token', async () => {
    const { t, s } = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });

    await t.runtime.run('nightly');
    const metrics = await fetch(`${s.url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await metrics.text();
    expect(text).toMatch(/glueflow_itglue_requests_total\{method="GET",status="200"\} [1-9]/);
    expect(text).toMatch(/glueflow_itglue_request_duration_seconds_bucket\{le="\+Inf",method="GET"\} [1-9]/);
    expect(text).toMatch(/glueflow_itglue_budget\{kind="limit"\} \d+/);
    expect(text).toMatch(/glueflow_itglue_circuit_state\{state="closed"\} 1/);
    expect(text).toMatch(/glueflow_run_items_total\{pipeline="nightly",outcome="unchanged"\} 2/);
    expect(text).toMatch(/glueflow_run_items_total\{pipeline="nightly",outcome="skipped"\} 1/);
    expect(text).toMatch(/glueflow_run_duration_seconds_count\{pipeline="nightly",status="ok"\} 1/);
    expect(text).toMatch(/glueflow_webhook_queue_depth 0/);

    expect((await fetch(`${s.url}/runs`)).status).toBe(401);
    const wrong = await fetch(`${s.url}/runs`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const auth = { headers: { authorization: `Bearer ${RUNS_TOKEN}` } };
    const runs = (await (await fetch(`${s.url}/runs?pipeline=nightly`, auth)).json()) as {
      runs: Array<{ id: number; pipeline: string; status: string }>;
    };
    expect(runs.runs).toEqual([expect.objectContaining({ pipeline: 'nightly', status: 'ok' })]);
    const one = await fetch(`${s.url}/runs/${runs.runs[0]!.id}`, auth);
    expect(await one.json()).toMatchObject({ id: runs.runs[0]!.id, pipeline: 'nightly' });
    expect((await fetch(`${s.url}/runs/99999`, auth)).status).toBe(404);
    expect((await fetch(`${s.url}/runs?kind=nonsense`, auth)).status).toBe(400);
    expect(JSON.stringify(t.logs)).not.toContain(RUNS_TOKEN);
  });

  it('readyz is 503 with its reasons when IT Glue cannot be reached', async () => {
    const { t, s } = await start();
    await t.emulator.stop();
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { ready: boolean; reasons: string[] };
    expect(body.ready).toBe(false);
    expect(body.reasons.join('\n')).toMatch(/IT Glue could not be asked/);
  });

  it('refuses a non-loopback host unless allowed; without a runs token /runs does not exist', async () => {
    t = await createTestEngine({ emulator: { generate: { organizations: 1, perOrganization: 0 } } });
    await expect(startServe({ runtime: t.runtime, host: '0.0.0.0', port: 0 })).rejects.toMatchObject({
      code: 'ESERVE_REMOTE_HOST',
    });
    s = await startServe({ runtime: t.runtime, port: 0, config: {} });
    expect((await fetch(`${s.url}/runs`, { headers: { authorization: 'Bearer x' } })).status).toBe(404);
    expect((await fetch(`${s.url}/hooks/itglue/anything`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('stop() stops taking work, lets a run in flight finish, and resolves drained', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = definePlugin({
      name: 'glueflow-plugin-test-slow',
      options: z.object({}).strict(),
      apply(host) {
        host.registerStep('slow.wait', {
          description: 'waits',
          options: z.object({}).strict(),
          run: () => gate,
        });
      },
    });
    t = await createTestEngine({
      plugins: [slow],
      pipelines: { nightly: [{ step: 'slow.wait' }] },
      emulator: { generate: { organizations: 1, perOrganization: 0 } },
    });
    const clock = {
      now: () => new Date('2026-12-02T03:00:00Z'),
      setTimer: () => ({ cancel: () => undefined }),
    };
    await t.runtime.state
      .forPlugin('glueflow-serve')
      .bookmarks.set('schedule:nightly', '2026-12-01T00:00:00Z');
    s = await startServe({
      runtime: t.runtime,
      port: 0,
      clock,
      config: { schedule: { nightly: '0 2 * * *' } },
    });
    expect(s.scheduler.running()).toEqual(['nightly']); // missed while down: runs at start
    const stopping = s.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow(); // no new connections
    release();
    expect(await stopping).toEqual({ drained: true, abandonedHints: 0 });
    const [run] = await t.runtime.state.history.list({ pipeline: 'nightly' });
    expect(run).toMatchObject({ status: 'ok' });
    s = undefined;
  });
});
