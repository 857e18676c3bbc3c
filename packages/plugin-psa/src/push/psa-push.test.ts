/**
 * PSA push under a real `glueflow serve`, over real HTTP: the fake HubSpot / fake ConnectWise hold the
 * companies, the emulator is IT Glue. A signed HubSpot delivery (or a ConnectWise callback with its URL
 * token) syncs just the companies it names — read again from the PSA by id, through the same matching,
 * PSA-lock detection and write gate as the full sync — and a repeat writes nothing. Forged, stale,
 * tampered and v1-only deliveries are 401 and run nothing; odd shapes are 202 with a warning; deletion
 * events delete nothing; neither the app secret, the callback token nor a signature reaches a log.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { startServe } from '@glueflow/serve';
import type { RunningServe } from '@glueflow/serve';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import {
  CW_TEST_CREDENTIALS,
  CW_TEST_ENV,
  cwTestConnection,
  startFakeConnectWise,
  type FakeConnectWise,
} from '../__fixtures__/fake-connectwise.js';
import { signWebhook, startFakeHubSpot, type FakeHubSpot } from '../__fixtures__/fake-hubspot.js';
import { insertOrganizations, organizations } from '../__fixtures__/psa-engine.js';
import { makeWorld, touch, type World } from '../__fixtures__/world.js';
import { psaPlugin } from '../plugin.js';

const PUBLIC = 'https://glueflow.example.com';
const HOOK = `${PUBLIC}/hooks/psa/hubspot`;
const APP_SECRET = 'hs-app-client-secret-4c1d9e';
const HS_TOKEN = 'pat-na1-hubspot-token';
const CW_TOKEN = 'cw-callback-token-0123456789abcdef0123456789';
const env = {
  HS_TOKEN,
  HS_APP_SECRET: APP_SECRET,
  ...CW_TEST_ENV,
  CW_CALLBACK: CW_TOKEN,
};

let t: TestEngine | undefined;
let s: RunningServe | undefined;
let hs: FakeHubSpot | undefined;
let cw: FakeConnectWise | undefined;
afterEach(async () => {
  await s?.stop();
  await t?.close();
  await hs?.close();
  await cw?.close();
  t = s = hs = cw = undefined;
});

async function hubspotSetup(
  world: World,
  push: Record<string, unknown> = {},
  step: Record<string, unknown> = {},
  serveConfig: { publicUrl?: string } = { publicUrl: PUBLIC },
) {
  hs = await startFakeHubSpot(HS_TOKEN, world);
  t = await createTestEngine({
    plugins: [
      [
        psaPlugin,
        {
          provider: 'hubspot',
          connection: { token: { env: 'HS_TOKEN' }, url: hs.url, http: { retries: 0 } },
        },
      ],
    ],
    pipelines: {
      crm: [
        {
          step: 'psa.sync-organizations',
          with: { ...step, push: { hubspot: { appSecret: { env: 'HS_APP_SECRET' }, ...push } } },
        },
      ],
    },
    env,
  });
  const first = await t.run('crm');
  expect(first.status).toBe('ok');
  s = await startServe({ runtime: t.runtime, port: 0, config: serveConfig });
  hs.requests.length = 0;
  t.admin.resetStats();
  return { t, s, hs };
}

const event = (objectId: number | string, subscriptionType = 'company.propertyChange', extra = {}) => ({
  eventId: 1_000 + Number(objectId),
  subscriptionId: 77,
  portalId: 62515,
  appId: 54321,
  occurredAt: Date.now(),
  subscriptionType,
  attemptNumber: 0,
  objectId: Number(objectId),
  propertyName: 'name',
  changeSource: 'CRM',
  ...extra,
});

async function deliver(
  serve: RunningServe,
  body: string,
  headers = signWebhook(APP_SECRET, { uri: HOOK, body }),
) {
  const answer = await fetch(`${serve.url}/hooks/psa/hubspot`, { method: 'POST', headers, body });
  await serve.triggers.idle();
  return answer;
}

async function pushedRuns(engine: TestEngine) {
  return (await engine.runtime.state.history.list({ pipeline: 'crm' })).slice(0, -1); // without the first full run
}

function assertNothingSecretLogged(engine: TestEngine, ...extra: string[]) {
  const logs = JSON.stringify(engine.logs);
  for (const secret of [APP_SECRET, CW_TOKEN, HS_TOKEN, ...extra]) expect(logs).not.toContain(secret);
}

describe('HubSpot webhooks under glueflow serve', () => {
  it('a signed delivery syncs just the named company; the same delivery again writes nothing', async () => {
    const world = makeWorld(5);
    const { t, s, hs } = await hubspotSetup(world);
    const before = await organizations(t);
    const target = before.find((o) => o.name === world.companies[2]!.name)!;
    touch(world.companies[2]!, { name: 'Renamed Two LLC' }, new Date().toISOString());

    const body = JSON.stringify([event(world.companies[2]!.id)]);
    const headers = signWebhook(APP_SECRET, { uri: HOOK, body });
    const answer = await deliver(s, body, headers);

    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ triggered: 1 });
    const after = await organizations(t);
    expect(after.filter((o, i) => o.name !== before[i]!.name)).toEqual([
      { ...target, name: 'Renamed Two LLC' },
    ]);
    expect(t.admin.stats().updates).toBe(1);
    expect(t.admin.stats().creates).toBe(0);
    const [pushed] = await pushedRuns(t);
    expect(pushed).toMatchObject({
      status: 'ok',
      counts: { updated: 1, created: 0, unchanged: 0, failed: 0 },
    });
    // Read by id, never listed; the bookmark of the scheduled sync is not moved.
    expect(hs.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /crm/v3/objects/companies/batch/read',
    ]);
    expect(JSON.parse(hs.requests[0]!.body).inputs).toEqual([{ id: world.companies[2]!.id }]);

    // HubSpot retries (a lost 200, a second subscription): the same delivery is harmless.
    t.admin.resetStats();
    expect((await deliver(s, body, headers)).status).toBe(200);
    expect(t.admin.stats().writesApplied).toBe(0);
    const runs = await pushedRuns(t);
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ status: 'ok', counts: { updated: 0, created: 0, unchanged: 1 } });
    assertNothingSecretLogged(t, headers['x-hubspot-signature-v3']!);
  });

  it('refuses stale, future, forged, tampered, v1-only and loopback-URL deliveries with 401, and runs nothing', async () => {
    const world = makeWorld(3);
    const { t, s, hs } = await hubspotSetup(world);
    touch(world.companies[0]!, { name: 'Should Not Arrive' }, new Date().toISOString());
    const body = JSON.stringify([event(world.companies[0]!.id)]);
    const signatures: string[] = [];
    const attempt = async (headers: Record<string, string>, sent = body) => {
      if (headers['x-hubspot-signature-v3']) signatures.push(headers['x-hubspot-signature-v3']);
      return (await deliver(s, sent, headers)).status;
    };
    const sixMinutes = 6 * 60_000;
    expect(
      await attempt(signWebhook(APP_SECRET, { uri: HOOK, body, timestamp: Date.now() - sixMinutes })),
    ).toBe(401);
    expect(
      await attempt(signWebhook(APP_SECRET, { uri: HOOK, body, timestamp: Date.now() + sixMinutes })),
    ).toBe(401);
    expect(await attempt(signWebhook('not-the-app-secret', { uri: HOOK, body }))).toBe(401);
    const tampered = body.replace(world.companies[0]!.id, world.companies[1]!.id);
    expect(await attempt(signWebhook(APP_SECRET, { uri: HOOK, body }), tampered)).toBe(401);
    expect(await attempt(signWebhook(APP_SECRET, { uri: `${s.url}/hooks/psa/hubspot`, body }))).toBe(401);
    expect(await attempt(signWebhook(APP_SECRET, { uri: HOOK, body, method: 'GET' }))).toBe(401);
    const { 'x-hubspot-signature-v3': _v3, ...withoutV3 } = signWebhook(APP_SECRET, { uri: HOOK, body });
    expect(
      await attempt({
        ...withoutV3,
        'x-hubspot-signature': 'a'.repeat(64),
        'x-hubspot-signature-version': 'v1',
      }),
    ).toBe(401);
    expect(await attempt({ ...withoutV3, 'x-hubspot-signature-v3': 'not base64 of 32 bytes' })).toBe(401);

    expect(await pushedRuns(t)).toEqual([]);
    expect(hs.requests).toEqual([]);
    expect(t.admin.stats().writesApplied).toBe(0);
    expect((await organizations(t)).map((o) => o.name)).not.toContain('Should Not Arrive');
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(
      /glueflow_webhook_deliveries_total\{source="psa\/hubspot",outcome="rejected"\} 8/,
    );
    // One warning (throttled), saying why and never what was sent.
    const warnings = t.logs.filter((l) => l.code === 'EPSA_PUSH_SIGNATURE');
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: expect.stringContaining('timestamp older than 5 minutes'),
      }),
    ]);
    assertNothingSecretLogged(t, ...signatures);
    expect(JSON.stringify(t.logs)).not.toContain('[REDACTED]'); // nothing secret was even attempted
  });

  it('answers malformed JSON 400, unknown shapes 202 with one warning, and other objects’ events 202 silently', async () => {
    const world = makeWorld(2);
    const { t, s } = await hubspotSetup(world);
    const signed = (body: string) => deliver(s, body);
    expect((await signed('[{"objectId": 1')).status).toBe(400);
    const unknown = await signed(JSON.stringify({ objectId: 1000 }));
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual({ triggered: 0 });
    expect(
      (
        await signed(
          JSON.stringify([{ subscriptionType: 'company.propertyChange', objectId: '1 or 1=1' }, 7]),
        )
      ).status,
    ).toBe(202);
    expect((await signed(JSON.stringify([event(55, 'contact.creation')]))).status).toBe(202);
    expect(await pushedRuns(t)).toEqual([]);
    expect(t.logs.filter((l) => l.code === 'EPSA_PUSH_PAYLOAD')).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: expect.stringContaining('not a JSON array of events'),
      }),
    ]);
  });

  it('a deletion event deletes nothing: the company is read again and, archived, only skipped', async () => {
    const world = makeWorld(3);
    const { t, s } = await hubspotSetup(world);
    const before = await organizations(t);
    touch(world.companies[1]!, { deleted: true }, new Date().toISOString());
    const body = JSON.stringify([
      event(world.companies[1]!.id, 'company.deletion'),
      event(987654, 'company.deletion'),
    ]);
    expect((await deliver(s, body)).status).toBe(200);
    expect(await organizations(t)).toEqual(before);
    expect(t.admin.stats().writesApplied).toBe(0);
    const [run] = await pushedRuns(t);
    expect(run).toMatchObject({ status: 'ok', counts: { skipped: 2, failed: 0 } });
  });

  it('with onMissingInPsa: mark-inactive, a deleted or purged company’s organization becomes inactive, never deleted', async () => {
    const world = makeWorld(3);
    const { t, s, hs } = await hubspotSetup(world, {}, { onMissingInPsa: 'mark-inactive' });
    const before = await organizations(t);
    const [c0, c1] = world.companies;
    touch(c1!, { deleted: true }, new Date().toISOString());
    hs.companies = hs.companies.filter((c) => c !== c0); // gone for good, not even archived
    const body = JSON.stringify([event(c0!.id, 'company.deletion'), event(c1!.id, 'company.deletion')]);
    expect((await deliver(s, body)).status).toBe(200);
    const after = await organizations(t);
    expect(after.map((o) => o.id)).toEqual(before.map((o) => o.id));
    expect(
      after
        .filter((o) => o.status === 'Inactive')
        .map((o) => o.name)
        .sort(),
    ).toEqual([c0!.name, c1!.name].sort());
    expect(t.admin.stats().deletes).toBe(0);
    const [run] = await pushedRuns(t);
    expect(run).toMatchObject({ status: 'ok', counts: { updated: 2, failed: 0 } });
  });

  it('without serve.publicUrl, /readyz says why and deliveries get 503 (HubSpot retries), nothing runs', async () => {
    const world = makeWorld(2);
    const { t, s } = await hubspotSetup(world, {}, {}, {});
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('HubSpot push needs serve.publicUrl');
    const answer = await deliver(s, JSON.stringify([event(world.companies[0]!.id)]));
    expect(answer.status).toBe(503);
    expect(await pushedRuns(t)).toEqual([]);
  });

  it('only triggers for the configured portal when portalId is set', async () => {
    const world = makeWorld(2);
    const { t, s } = await hubspotSetup(world, { portalId: 99 });
    touch(world.companies[0]!, { name: 'Other Portal Co' }, new Date().toISOString());
    const answer = await deliver(s, JSON.stringify([event(world.companies[0]!.id)]));
    expect(answer.status).toBe(202);
    expect(await pushedRuns(t)).toEqual([]);
  });
});

describe('ConnectWise callbacks under glueflow serve', () => {
  async function connectwiseSetup(world: World, locked: Array<Record<string, unknown>> = []) {
    cw = await startFakeConnectWise(CW_TEST_CREDENTIALS, world);
    t = await createTestEngine({
      plugins: [
        [
          psaPlugin,
          {
            provider: 'connectwise',
            connection: cwTestConnection(cw, { http: { retries: 0 } }),
            fields: { quickNotes: 'CW {{identifier}} {{name}}' },
          },
        ],
      ],
      pipelines: {
        crm: [
          {
            step: 'psa.sync-organizations',
            with: { push: { connectwise: { token: { env: 'CW_CALLBACK' } } } },
          },
        ],
      },
      env,
    });
    const ids = await insertOrganizations(t, locked);
    expect((await t.run('crm')).status).toBe('ok');
    s = await startServe({ runtime: t.runtime, port: 0, config: { publicUrl: PUBLIC } });
    cw.requests.length = 0;
    t.admin.resetStats();
    return { t, s, cw, ids };
  }
  const callback = (serve: RunningServe, token: string, body: unknown) =>
    fetch(`${serve.url}/hooks/psa/connectwise/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (answer) => {
      await serve.triggers.idle();
      return answer;
    });

  it('a callback with the URL token syncs that company, re-read by id; a wrong token is 401 and runs nothing', async () => {
    const world = makeWorld(4);
    const { t, s, cw } = await connectwiseSetup(world);
    const c3 = world.companies[3]!;
    touch(c3, { name: 'Renamed Three LLC' }, new Date().toISOString());
    // Entity is never trusted: it names another company and another name.
    const payload = {
      MessageId: 'f7c1',
      Action: 'updated',
      Type: 'company',
      ID: Number(c3.id),
      Entity: JSON.stringify({ id: Number(world.companies[0]!.id), name: 'Injected From Entity' }),
    };
    expect((await callback(s, 'x'.repeat(40), payload)).status).toBe(401);
    expect(await pushedRuns(t)).toEqual([]);
    expect(cw.requests).toEqual([]);

    const answer = await callback(s, CW_TOKEN, payload);
    expect(answer.status).toBe(200);
    const names = (await organizations(t)).map((o) => o.name);
    expect(names).toContain('Renamed Three LLC');
    expect(names).not.toContain('Injected From Entity');
    expect(t.admin.stats().updates).toBe(1);
    expect(cw.requests.map((r) => r.url.searchParams.get('conditions'))).toEqual([`id in (${c3.id})`]);
    const [run] = await pushedRuns(t);
    expect(run).toMatchObject({ status: 'ok', counts: { updated: 1, failed: 0 } });

    expect((await callback(s, CW_TOKEN, { Action: 'updated', Type: 'contact', ID: 5 })).status).toBe(202);
    expect((await callback(s, CW_TOKEN, { Action: 'deleted', Type: 'company', ID: '1; drop' })).status).toBe(
      202,
    );
    expect(await pushedRuns(t)).toHaveLength(1);
    assertNothingSecretLogged(t);
  });

  it('respects IT Glue’s PSA lock in a pushed run, as the full sync does (no 422, locked fields reported)', async () => {
    const world = makeWorld(3);
    const c0 = world.companies[0]!;
    const { t, s, ids } = await connectwiseSetup(world, [
      {
        name: 'Renamed In Manage',
        'psa-integration': 'enabled',
        'psa-integration-type': 'manage',
        'psa-id': c0.id,
      },
    ]);
    touch(c0, { name: 'New Name In CW' }, new Date().toISOString());
    const mark = t.logs.length;
    const answer = await callback(s, CW_TOKEN, { Action: 'updated', Type: 'company', ID: Number(c0.id) });
    expect(answer.status).toBe(200);
    expect(t.admin.stats().requests.byStatus['422'] ?? 0).toBe(0);
    const org = (await organizations(t)).find((o) => o.id === ids[0])!;
    expect(org).toMatchObject({
      name: 'Renamed In Manage',
      quickNotes: `CW ${c0.identifier} New Name In CW`,
    });
    const [run] = await pushedRuns(t);
    expect(run).toMatchObject({ status: 'ok', counts: { updated: 1, failed: 0 } });
    // Info messages stay out of the run history: the pushed run's own report is in the log.
    expect(t.logs.slice(mark).filter((l) => l.code === 'EPSA_LOCKED')).toEqual([
      expect.objectContaining({
        item: `connectwise:${c0.id}`,
        reason: expect.stringMatching(/^skipped \(psa-locked\)/),
      }),
    ]);
  });
});
