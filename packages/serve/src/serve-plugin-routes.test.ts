/**
 * A third-party plugin's own receiver under `glueflow serve`, over real HTTP: `host.route()` mounted at
 * /hooks/<plugin>/…, the exact body bytes for signatures, 400/413 before plugin code runs, a pushed
 * `trigger()` becoming one targeted run (only the named step, only the named items — `ctx.targets`),
 * bursts merged, a plugin kept to its own steps, and `host.service()` with `reportHealth` in /readyz.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { definePlugin } from '@glueflow/core';
import type { ServeServices } from '@glueflow/core';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import { z } from 'zod';
import { routePrefixOf, startServe } from './index.js';
import type { RunningServe } from './index.js';

const SECRET = 'acme-signing-secret-7f3a';
let t: TestEngine | undefined;
let s: RunningServe | undefined;
afterEach(async () => {
  await s?.stop();
  await t?.close();
  s = t = undefined;
});

/** What the step saw, run by run. */
const seen: Array<{ targets: readonly string[] | undefined; step: number }> = [];
const received: Array<{ rawBody: string; body: unknown; url: string }> = [];
let services: ServeServices | undefined;
let healthProblem: string | undefined;
/** When set, the step waits for it (holds a run in progress). */
let gate: Promise<void> | undefined;

const acme = definePlugin({
  name: 'glueflow-plugin-acme',
  apply(host) {
    host.registerStep('acme.sync', {
      description: 'counts the items it is given',
      options: z.object({ label: z.string().default('acme') }).strict(),
      async run(ctx) {
        seen.push({ targets: ctx.targets, step: ctx.step.index });
        await gate;
        const items = ctx.targets ?? ['all-1', 'all-2', 'all-3'];
        await ctx.forEachItem(
          items,
          (item) => item,
          async () => ctx.count('unchanged'),
        );
      },
    });
    host.route({
      method: 'POST',
      path: 'events',
      bodyLimitBytes: 2048,
      handler(request, serve) {
        received.push({ rawBody: request.rawBody, body: request.body, url: request.url });
        const expected = createHmac('sha256', SECRET).update(request.rawBody).digest('hex');
        if (request.headers['x-acme-signature'] !== expected) return { status: 401, body: 'bad signature' };
        const body = request.body as { ids?: string[]; missed?: boolean };
        const [entry] = serve.entries('acme.sync');
        if (!entry) return { status: 202, body: { accepted: false } };
        const outcome = body.missed
          ? serve.trigger({ pipeline: entry.pipeline, index: entry.index }) // catch up: the whole step
          : serve.trigger({ pipeline: entry.pipeline, index: entry.index, items: body.ids ?? [] });
        return { status: 202, body: { outcome } };
      },
    });
    host.route({
      method: 'POST',
      path: 'steal',
      handler(_request, serve) {
        serve.trigger({ pipeline: 'other', index: 0, items: ['x'] });
        return { status: 202 };
      },
    });
    host.service({
      name: 'subscriptions',
      start(serve) {
        services = serve;
        serve.reportHealth(healthProblem);
      },
    });
  },
});

const other = definePlugin({
  name: '@someone/plugin-other',
  apply(host) {
    host.registerStep('other.work', {
      description: 'must never run from acme',
      async run(ctx) {
        ctx.count('unchanged');
      },
    });
  },
});

async function start(options: { problem?: string } = {}) {
  seen.length = 0;
  received.length = 0;
  healthProblem = options.problem;
  t = await createTestEngine({
    plugins: [acme, other],
    pipelines: {
      mixed: [{ step: 'other.work' }, { step: 'acme.sync', with: { label: 'x' } }],
      other: [{ step: 'other.work' }],
    },
    emulator: { generate: { organizations: 1, perOrganization: 0 } },
  });
  s = await startServe({
    runtime: t.runtime,
    port: 0,
    config: { publicUrl: 'https://glueflow.example.com' },
  });
  return { t, s };
}

const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('hex');
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-acme-signature': sign(body), ...headers },
    body,
  });

describe('plugin routes under serve', () => {
  it('names prefixes after the plugin, without scope or plugin-', () => {
    expect(routePrefixOf('@glueflow/plugin-email')).toBe('email');
    expect(routePrefixOf('glueflow-plugin-acme')).toBe('acme');
    expect(routePrefixOf('acme-hooks')).toBe('acme-hooks');
  });

  it('hands the exact body to the receiver and runs just the pushed items of just that step', async () => {
    const { t, s } = await start();
    const body = '{"ids": ["a-1","a-2"] ,"note":"spacing kept"}';
    const answer = await post(`${s.url}/hooks/acme/events?x=1`, body);
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({ outcome: 'queued' });
    expect(received[0]).toEqual({
      rawBody: body,
      body: { ids: ['a-1', 'a-2'], note: 'spacing kept' },
      url: '/hooks/acme/events?x=1',
    });
    await s.triggers.idle();
    // step 0 (other.work) did not run; step 1 saw exactly the pushed ids
    expect(seen).toEqual([{ targets: ['a-1', 'a-2'], step: 1 }]);
    const [run] = await t.runtime.state.history.list({ pipeline: 'mixed' });
    expect(run).toMatchObject({ pipeline: 'mixed', status: 'ok' });
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(
      /glueflow_webhook_deliveries_total\{source="acme\/events",outcome="answered"\} 1/,
    );
    expect(metrics).toMatch(/glueflow_pushed_runs_total\{pipeline="mixed",status="ok"\} 1/);
  });

  it('merges what arrives during a run into one next run, never overlapping it', async () => {
    const { s } = await start();
    let release = () => undefined as void;
    gate = new Promise<void>((resolve) => (release = resolve));
    const outcome = async (body: string) => {
      const answer = await post(`${s.url}/hooks/acme/events`, body);
      return ((await answer.json()) as { outcome: string }).outcome;
    };
    try {
      expect(await outcome('{"ids":["1","2"]}')).toBe('queued'); // starts a run, held by the gate
      while (seen.length === 0) await new Promise((r) => setTimeout(r, 5));
      expect(await outcome('{"ids":["2","3"]}')).toBe('queued');
      expect(await outcome('{"ids":["3","4"]}')).toBe('merged');
      expect(s.triggers.depth).toBe(3);
    } finally {
      gate = undefined;
      release();
    }
    await s.triggers.idle();
    expect(seen.map((run) => run.targets)).toEqual([
      ['1', '2'],
      ['2', '3', '4'],
    ]);
  });

  it('runs the whole step for a catch-up, which covers items waiting for it', async () => {
    const { s } = await start();
    let release = () => undefined as void;
    gate = new Promise<void>((resolve) => (release = resolve));
    const outcome = async (body: string) =>
      ((await (await post(`${s.url}/hooks/acme/events`, body)).json()) as { outcome: string }).outcome;
    try {
      expect(await outcome('{"ids":["1"]}')).toBe('queued'); // held by the gate
      while (seen.length === 0) await new Promise((r) => setTimeout(r, 5));
      expect(await outcome('{"ids":["2","3"]}')).toBe('queued');
      expect(await outcome('{"missed":true}')).toBe('merged');
      expect(await outcome('{"ids":["4"]}')).toBe('merged');
      expect(s.triggers.depth).toBe(1); // one whole-step run waits, whatever it covers
    } finally {
      gate = undefined;
      release();
    }
    await s.triggers.idle();
    // the second run is a normal one of that step only: no targets, it lists everything
    expect(seen).toEqual([
      { targets: ['1'], step: 1 },
      { targets: undefined, step: 1 },
    ]);
  });

  it('refuses a bad signature, malformed JSON (400) and a body over the route limit (413) before the step', async () => {
    const { s } = await start();
    const forged = await post(`${s.url}/hooks/acme/events`, '{"ids":["x"]}', { 'x-acme-signature': 'f00' });
    expect(forged.status).toBe(401);
    const before = received.length;
    const malformed = await post(`${s.url}/hooks/acme/events`, '{"ids": [');
    expect(malformed.status).toBe(400);
    const big = JSON.stringify({ ids: ['y'.repeat(3000)] });
    expect((await post(`${s.url}/hooks/acme/events`, big)).status).toBe(413);
    expect(received.length).toBe(before); // neither reached the plugin
    await s.triggers.idle();
    expect(seen).toEqual([]);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/source="acme\/events",outcome="rejected"\} 1/);
    expect(metrics).toMatch(/source="acme\/events",outcome="bad-request"\} 1/);
  });

  it("keeps a plugin to its own steps: triggering another plugin's step is a 500, and nothing runs", async () => {
    const { s } = await start();
    const answer = await post(`${s.url}/hooks/acme/steal`, '{}');
    expect(answer.status).toBe(500);
    expect(await answer.text()).not.toMatch(/other/);
    await s.triggers.idle();
    expect(seen).toEqual([]);
  });

  it('starts services with the public URL and the plugin prefix; a reported problem makes /readyz 503', async () => {
    const { s } = await start({ problem: 'subscription for mailbox ops@ could not be renewed' });
    expect(services?.publicUrl).toBe('https://glueflow.example.com');
    expect(services?.prefix).toBe('/hooks/acme');
    expect(services?.entries().map((e) => [e.pipeline, e.index, e.options])).toEqual([
      ['mixed', 1, { label: 'x' }],
    ]);
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      ready: false,
      reasons: ['glueflow-plugin-acme: subscription for mailbox ops@ could not be renewed'],
    });
    services?.reportHealth(undefined);
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
  });

  it('refuses a plugin that would take the itglue prefix', async () => {
    t = await createTestEngine({
      plugins: [
        definePlugin({
          name: 'glueflow-plugin-itglue',
          apply(host) {
            host.route({ method: 'POST', path: 'x', handler: () => ({ status: 200 }) });
          },
        }),
      ],
      pipelines: {},
      emulator: { generate: { organizations: 1, perOrganization: 0 } },
    });
    await expect(startServe({ runtime: t.runtime, port: 0, config: {} })).rejects.toThrow(
      /cannot take \/hooks\/itglue: serve uses it/,
    );
  });
});
