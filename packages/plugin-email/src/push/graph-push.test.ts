/**
 * Graph push under a real `glueflow serve`, over real HTTP: the fake Graph validates our URLs before it
 * creates a subscription, delivers change and lifecycle notifications to serve, and a notified message
 * becomes an IT Glue record in the emulator — once, however often Graph delivers it. Forged
 * notifications import nothing; renewals follow an injected clock; serve's stop stops them; and neither
 * the client secret, a token nor the clientState reaches a log or the state store.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startServe } from '@glueflow/serve';
import type { RunningServe } from '@glueflow/serve';
import { emailRecords, emailWorld, FIXTURES, ROUTE } from '../__fixtures__/email-world.js';
import type { World } from '../__fixtures__/email-world.js';
import { startFakeGraphServer } from '../__fixtures__/fake-graph-server.js';
import type { FakeGraphServer } from '../__fixtures__/fake-graph-server.js';
import { manualClock } from '../__fixtures__/manual-clock.js';
import type { ManualClock } from '../__fixtures__/manual-clock.js';
import { createEmailPlugin } from '../plugin.js';

const TENANT = 'contoso.onmicrosoft.com';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const SECRET = 'graph-push-secret-Zq9';
const MAILBOX = 'docs@msp.example';
const DAY = 24 * 60 * 60_000;
const corpus = (file: string) => fs.readFileSync(path.join(FIXTURES, 'corpus', file));

let graph: FakeGraphServer | undefined;
let world: World | undefined;
let serve: RunningServe | undefined;
afterEach(async () => {
  await serve?.stop();
  await world?.t.close();
  await graph?.close();
  graph = world = serve = undefined;
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Setup {
  graph: FakeGraphServer;
  world: World;
  serve: RunningServe;
  clock: ManualClock;
  port: number;
}

async function start(options: { publicUrl?: boolean; failCreates?: number } = {}): Promise<Setup> {
  const clock = manualClock();
  graph = await startFakeGraphServer({
    tenantId: TENANT,
    clientId: CLIENT,
    clientSecret: SECRET,
    mailbox: MAILBOX,
    now: () => clock.now(),
  });
  if (options.failCreates) graph.failNextCreates(options.failCreates, 403);
  world = await emailWorld({
    env: { GRAPH_SECRET: SECRET },
    plugin: createEmailPlugin({ clock }),
    pipelines: { mail: [{ step: 'email.import', with: { source: graphSource(graph), route: ROUTE } }] },
  });
  const port = await freePort();
  serve = await startServe({
    runtime: world.t.runtime,
    port,
    config: options.publicUrl === false ? {} : { publicUrl: `http://127.0.0.1:${port}` },
  });
  return { graph, world, serve, clock, port };
}

const graphSource = (fake: FakeGraphServer) => ({
  type: 'graph',
  tenantId: TENANT,
  clientId: CLIENT,
  clientSecret: { env: 'GRAPH_SECRET' },
  mailbox: MAILBOX,
  authorityHost: fake.url,
  graphUrl: fake.graphUrl,
  subscribe: { lifetimeMinutes: 3 * 24 * 60, renewBeforeMinutes: 24 * 60 },
});

/** Waits (real time, briefly) until the fake Graph saw `count` requests of `method` to /subscriptions. */
async function subscriptionCalls(fake: FakeGraphServer, method: string, count: number) {
  const calls = () => fake.requests.filter((r) => r.method === method && r.path.includes('/subscriptions'));
  for (let i = 0; i < 200 && calls().length < count; i++) await new Promise((r) => setTimeout(r, 10));
  return calls();
}

function assertNoSecretLogged(s: Setup) {
  const logs = JSON.stringify(s.world.t.logs);
  expect(logs).not.toContain(SECRET);
  for (const token of s.graph.issuedTokens) expect(logs).not.toContain(token);
  for (const sub of s.graph.subscriptions) expect(logs).not.toContain(sub.clientState!);
}

describe('Graph subscriptions under glueflow serve', () => {
  it('creates a subscription after Graph validated both URLs, and keeps the clientState only as a digest', async () => {
    const s = await start();
    expect(s.graph.subscriptions).toHaveLength(1);
    const [sub] = s.graph.subscriptions;
    const base = `http://127.0.0.1:${s.port}/hooks/email`;
    expect(sub).toMatchObject({
      changeType: 'created',
      resource: `users/${MAILBOX}/mailFolders('inbox')/messages`,
      notificationUrl: `${base}/graph`,
      lifecycleNotificationUrl: `${base}/graph/lifecycle`,
    });
    expect(sub!.clientState!.length).toBeGreaterThanOrEqual(32);
    expect(sub!.clientState!.length).toBeLessThanOrEqual(128);
    expect(Date.parse(sub!.expirationDateTime) - s.clock.now()).toBe(3 * DAY);
    expect(s.graph.validations.map((v) => [v.url, v.passed])).toEqual([
      [`${base}/graph`, true],
      [`${base}/graph/lifecycle`, true],
    ]);
    const saved = [];
    for await (const entry of s.world.t.runtime.state.bookmarks.list('@glueflow/plugin-email'))
      saved.push(entry);
    expect(JSON.stringify(saved)).toContain(sub!.id);
    expect(JSON.stringify(saved)).not.toContain(sub!.clientState!);
    expect((await fetch(`${s.serve.url}/readyz`)).status).toBe(200);
    assertNoSecretLogged(s);
  });

  it('echoes the validation token exactly as text/plain, and refuses an oversized one', async () => {
    const s = await start();
    const token = 'Validation: Testing client application reachability <b>&amp;</b>';
    const answer = await fetch(
      `${s.serve.url}/hooks/email/graph?validationToken=${encodeURIComponent(token)}`,
      { method: 'POST', headers: { 'content-type': 'text/plain' } },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await answer.text()).toBe(token);
    const long = await fetch(`${s.serve.url}/hooks/email/graph?validationToken=${'a'.repeat(5000)}`, {
      method: 'POST',
    });
    expect(long.status).toBe(400);
  });

  it('reuses a still-valid subscription after a restart instead of creating another', async () => {
    const s = await start();
    await s.serve.stop();
    await s.world.t.restart();
    serve = await startServe({
      runtime: s.world.t.runtime,
      port: s.port,
      config: { publicUrl: `http://127.0.0.1:${s.port}` },
    });
    expect(await subscriptionCalls(s.graph, 'POST', 1)).toHaveLength(1);
    expect(s.graph.subscriptions).toHaveLength(1);
    // …and it still verifies notifications (the digest came from the state store).
    const id = s.graph.add(corpus('01-plain-text.eml'));
    expect(await s.graph.notify(s.graph.subscriptions[0]!.id, [id])).toBe(202);
    await serve.triggers.idle();
    expect((await emailRecords(s.world.t)).assets).toHaveLength(1);
  });

  it('without serve.publicUrl reports the problem in /readyz and subscribes nothing', async () => {
    const s = await start({ publicUrl: false });
    expect(s.graph.subscriptions).toHaveLength(0);
    const ready = await fetch(`${s.serve.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('serve.publicUrl is needed for Graph subscriptions');
  });

  it('reports a failed creation in /readyz, retries it and clears the problem', async () => {
    const s = await start({ failCreates: 1 }); // 403: not retried by the client
    expect(s.graph.subscriptions).toHaveLength(0);
    const ready = await fetch(`${s.serve.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toMatch(
      /Cannot create the Graph subscription for docs@msp.example\/inbox/,
    );
    s.clock.advance(5 * 60_000);
    await subscriptionCalls(s.graph, 'POST', 2);
    for (let i = 0; i < 100 && s.graph.subscriptions.length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(s.graph.subscriptions).toHaveLength(1);
    expect((await fetch(`${s.serve.url}/readyz`)).status).toBe(200);
    assertNoSecretLogged(s);
  });
});

describe('Graph notifications', () => {
  it('imports a notified message once, however often Graph delivers it, and the delta does not import it again', async () => {
    const s = await start();
    const sub = s.graph.subscriptions[0]!;
    const first = s.graph.add(corpus('01-plain-text.eml'));
    const second = s.graph.add(corpus('02-multipart-alternative.eml')); // never notified
    expect(await s.graph.notify(sub.id, [first])).toBe(202);
    await s.serve.triggers.idle();
    expect((await emailRecords(s.world.t)).assets).toHaveLength(1);
    // The targeted run fetched just that message, and never read the delta.
    expect(s.graph.requests.filter((r) => r.path.endsWith('/delta'))).toHaveLength(0);
    expect(s.graph.requests.filter((r) => r.path.endsWith('/$value')).map((r) => r.path)).toEqual([
      `/v1.0/users/${encodeURIComponent(MAILBOX)}/messages/${first}/$value`,
    ]);

    s.world.t.admin.resetStats();
    expect(await s.graph.notify(sub.id, [first, first])).toBe(202); // at-least-once: again, twice
    await s.serve.triggers.idle();
    expect((await emailRecords(s.world.t)).assets).toHaveLength(1);
    expect(s.world.t.admin.stats().writesApplied).toBe(0);

    // The delta was not advanced by pushed runs: a full run reads the folder from the start.
    const delta = await s.world.t.runStep('email.import', { source: graphSource(s.graph), route: ROUTE });
    expect(delta.counts).toMatchObject({ created: 1, unchanged: 1, failed: 0 });
    expect((await emailRecords(s.world.t)).assets).toHaveLength(2);
    expect(second).toBeDefined();
    assertNoSecretLogged(s);
  });

  it('ignores a wrong clientState, an unknown subscription and a hostile message id (202, nothing imported)', async () => {
    const s = await start();
    const sub = s.graph.subscriptions[0]!;
    const id = s.graph.add(corpus('01-plain-text.eml'));
    const wrong = sub.clientState!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await s.graph.notify(sub.id, [id], { clientState: wrong })).toBe(202);
    expect(await s.graph.notify(sub.id, [id], { clientState: null })).toBe(202);
    expect(
      await s.graph.notify(sub.id, [id], { subscriptionId: 'c0ffee00-0000-4000-8000-000000000000' }),
    ).toBe(202);
    expect(await s.graph.notify(sub.id, ['../../../users/ceo@msp.example/messages/1'])).toBe(202);
    expect(s.serve.triggers.depth).toBe(0);
    await s.serve.triggers.idle();
    expect((await emailRecords(s.world.t)).assets).toHaveLength(0);
    expect(s.graph.requests.filter((r) => r.path.endsWith('/$value'))).toHaveLength(0);
    expect(s.world.t.logs.some((l) => l.code === 'EEMAIL_GRAPH_NOTIFICATION')).toBe(true);
    const malformed = await fetch(`${s.serve.url}/hooks/email/graph`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"value":"no"}',
    });
    expect(malformed.status).toBe(400);
    assertNoSecretLogged(s);
  });

  it('keeps the delta link of a pushed run whose download failed, and puts the message on the retry list', async () => {
    const s = await start();
    const key = `graph:${TENANT}/${MAILBOX}/inbox`;
    const bookmark = () => s.world.t.runtime.state.bookmarks.get('@glueflow/plugin-email', key);
    await s.world.t.runStep('email.import', { source: graphSource(s.graph), route: ROUTE });
    const before = (await bookmark()) as { deltaLink: string; retry: string[] };
    expect(before.deltaLink).toMatch(/deltatoken=/);
    const id = s.graph.add(corpus('01-plain-text.eml'));
    s.graph.refuseDownload(id);
    expect(await s.graph.notify(s.graph.subscriptions[0]!.id, [id])).toBe(202);
    await s.serve.triggers.idle();
    expect((await emailRecords(s.world.t)).assets).toHaveLength(0);
    expect(await bookmark()).toEqual({ deltaLink: before.deltaLink, retry: [id] });
    s.graph.refuseDownload(id, false);
    const next = await s.world.t.runStep('email.import', { source: graphSource(s.graph), route: ROUTE });
    expect(next.counts).toMatchObject({ created: 1, failed: 0 });
  });

  it('skips a notified message Graph no longer has, without failing the run', async () => {
    const s = await start();
    const id = s.graph.add(corpus('01-plain-text.eml'));
    s.graph.remove(id);
    expect(await s.graph.notify(s.graph.subscriptions[0]!.id, [id])).toBe(202);
    await s.serve.triggers.idle();
    const [run] = await s.world.t.runtime.state.history.list({ pipeline: 'mail' });
    expect(run).toMatchObject({ status: 'ok' });
  });
});

describe('Graph subscription renewal and lifecycle', () => {
  it('renews ahead of expiry, recreates a subscription Graph forgot, and stops when serve stops', async () => {
    const s = await start();
    const first = s.graph.subscriptions[0]!;
    s.clock.advance(2 * DAY - 60_000);
    expect(s.graph.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
    s.clock.advance(60_000); // renewBeforeMinutes (1 day) ahead of the 3-day expiry
    expect(await subscriptionCalls(s.graph, 'PATCH', 1)).toHaveLength(1);
    await until(() => Date.parse(first.expirationDateTime) === s.clock.now() + 3 * DAY);
    await until(() => s.clock.pending === 1); // the next renewal is armed

    s.graph.dropSubscription(first.id);
    s.clock.advance(2 * DAY);
    expect(await subscriptionCalls(s.graph, 'PATCH', 2)).toHaveLength(2); // 404
    await subscriptionCalls(s.graph, 'POST', 2);
    await until(() => s.graph.subscriptions.length === 1);
    const second = s.graph.subscriptions[0]!;
    expect(second.id).not.toBe(first.id);
    const id = s.graph.add(corpus('01-plain-text.eml'));
    expect(await s.graph.notify(second.id, [id])).toBe(202);
    await s.serve.triggers.idle();
    expect((await emailRecords(s.world.t)).assets).toHaveLength(1);

    await s.serve.stop();
    serve = undefined;
    expect(s.clock.pending).toBe(0);
    const before = s.graph.requests.length;
    s.clock.advance(10 * DAY);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.graph.requests.length).toBe(before);
    assertNoSecretLogged(s);
  });

  it('reauthorizationRequired renews now, subscriptionRemoved recreates, missed catches up through the delta', async () => {
    const s = await start();
    const sub = s.graph.subscriptions[0]!;
    expect(await s.graph.lifecycle(sub.id, 'reauthorizationRequired')).toBe(202);
    expect(await subscriptionCalls(s.graph, 'PATCH', 1)).toHaveLength(1);

    // A forged lifecycle event changes nothing.
    expect(await s.graph.lifecycle(sub.id, 'subscriptionRemoved', { clientState: 'forged' })).toBe(202);
    await new Promise((r) => setTimeout(r, 50));
    expect(
      s.graph.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/subscriptions')),
    ).toHaveLength(1);

    expect(await s.graph.lifecycle(sub.id, 'subscriptionRemoved')).toBe(202);
    s.graph.dropSubscription(sub.id);
    await subscriptionCalls(s.graph, 'POST', 2);
    await until(() => s.graph.subscriptions.length === 1 && s.graph.subscriptions[0]!.id !== sub.id);
    const renewed = s.graph.subscriptions[0]!;

    // Two messages arrived while notifications were lost: `missed` runs the delta and imports both.
    s.graph.add(corpus('01-plain-text.eml'));
    s.graph.add(corpus('02-multipart-alternative.eml'));
    expect(await s.graph.lifecycle(renewed.id, 'missed')).toBe(202);
    await s.serve.triggers.idle();
    expect((await emailRecords(s.world.t)).assets).toHaveLength(2);
    expect(s.graph.requests.filter((r) => r.path.endsWith('/delta')).length).toBeGreaterThan(0);
    assertNoSecretLogged(s);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
