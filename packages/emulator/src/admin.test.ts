import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { startEmulator } from './server.js';
import type { RunningEmulator } from './types.js';
import { client, createOrganization, doc, lookup, type Client, type Json } from './test-support.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function adminCall(emulator: RunningEmulator, method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.url}/__emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

describe('admin API', () => {
  let emulator: RunningEmulator;
  let api: Client;
  beforeAll(async () => {
    emulator = await startEmulator();
    api = client(emulator);
  });
  beforeEach(() => emulator.admin.reset());
  afterAll(() => emulator.stop());

  it('reset empties state, re-seeds lookups and zeroes stats', async () => {
    await createOrganization(api, 'Temp');
    await emulator.admin.reset();
    const state = await emulator.admin.dump();
    expect(state.organizations).toEqual([]);
    expect(state.logs).toEqual([]);
    expect(state['organization-types']?.length).toBeGreaterThan(0);
    expect(emulator.admin.stats().requests.total).toBe(0);
    expect((await adminCall(emulator, 'POST', 'reset')).status).toBe(200);
  });

  it('dump holds every type in response shape, with password values', async () => {
    const org = await createOrganization(api, 'Dumped');
    await api.post('/passwords', doc('passwords', { organization_id: org, name: 'P', password: 'pw-value' }));
    const state = (await adminCall(emulator, 'GET', 'state')).body;
    expect(state.passwords[0].attributes.password).toBe('pw-value');
    expect(state.passwords[0].type).toBe('passwords');
    expect(state.organizations[0].attributes.name).toBe('Dumped');
    expect(Object.keys(state)).toEqual(
      expect.arrayContaining(['flexible-assets', 'attachments', 'related-items', 'logs']),
    );
  });

  it('stats count requests by status and method, and writes', async () => {
    const org = await createOrganization(api, 'Counted');
    await api.patch(`/organizations/${org}`, doc('organizations', { alert: 'x' }));
    await api.get('/organizations/999999');
    await api.get('/nowhere');
    const stats = (await adminCall(emulator, 'GET', 'stats')).body;
    expect(stats).toMatchObject({
      requests: {
        total: 4,
        byStatus: { '201': 1, '200': 1, '404': 2 },
        byMethod: { POST: 1, PATCH: 1, GET: 2 },
      },
      writesApplied: 2,
      creates: 1,
      updates: 1,
      deletes: 0,
      rateLimited: 0,
    });
    await adminCall(emulator, 'POST', 'stats/reset');
    expect(emulator.admin.stats().requests.total).toBe(0);
  });

  it('mutate changes a record as a person: updated-at, password-updated-at, a log, PSA locks ignored', async () => {
    const [org] = await emulator.admin.insert('organizations', [
      { name: 'Synced', 'psa-integration': 'enabled', psa_integration_type: 'manage', psa_id: '1' },
    ]);
    const pw = (
      await api.post('/passwords', doc('passwords', { organization_id: org, name: 'P', password: 'old' }))
    ).body.data;
    await sleep(5);
    const changed = await emulator.admin.mutate('passwords', pw.id, { password: 'new' });
    expect(changed.attributes.password).toBe('new');
    expect(Date.parse(String(changed.attributes['password-updated-at']))).toBeGreaterThan(
      Date.parse(pw.attributes['password-updated-at']),
    );
    expect(Date.parse(String(changed.attributes['updated-at']))).toBeGreaterThan(
      Date.parse(pw.attributes['updated-at']),
    );
    const renamed = await adminCall(emulator, 'POST', 'mutate', {
      type: 'organizations',
      id: org,
      attributes: { name: 'Renamed by hand' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data.attributes.name).toBe('Renamed by hand');
    const logs = (await api.get('/logs')).body.data.map((item: Json) => item.attributes);
    expect(logs.filter((log: Json) => log['user-id'] === 1).map((log: Json) => log['resource-type'])).toEqual(
      ['Password', 'Organization'],
    );
    expect(
      (await adminCall(emulator, 'POST', 'mutate', { type: 'spaceships', id: 1, attributes: {} })).status,
    ).toBe(400);
    await expect(emulator.admin.mutate('organizations', 999999, {})).rejects.toThrow(
      'No organizations record with id 999999',
    );
  });

  it('remove deletes as a person, over HTTP too', async () => {
    const org = await createOrganization(api, 'Removed');
    expect((await adminCall(emulator, 'POST', 'remove', { type: 'organizations', id: org })).status).toBe(
      200,
    );
    expect((await api.get(`/organizations/${org}`)).status).toBe(404);
  });

  it('insert loads records in bulk and returns their ids (kebab or snake keys)', async () => {
    const org = await createOrganization(api, 'Bulk');
    const type = await lookup(api, 'configuration_types', 'Printer');
    const ids = await emulator.admin.insert(
      'configurations',
      Array.from({ length: 2000 }, (_, n) => ({
        'organization-id': org,
        name: `c${n}`,
        configuration_type_id: type,
      })),
    );
    expect(ids).toHaveLength(2000);
    expect((await api.get(`/configurations/${ids[1999]}`)).body.data.attributes.name).toBe('c1999');
    const over = await adminCall(emulator, 'POST', 'insert', {
      type: 'contacts',
      attributes: [{ organization_id: org, first_name: 'Http' }],
    });
    expect(over.body.ids).toHaveLength(1);
    expect((await api.get('/logs')).body.meta['total-count']).toBe(1);
  });

  it('configure changes latency at runtime', async () => {
    emulator.admin.configure({ latencyMs: 150 });
    const started = Date.now();
    await api.get('/organizations');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    emulator.admin.configure({ latencyMs: 0 });
  });

  it('seed generates realistic, deterministic data', async () => {
    const result = await emulator.admin.seed({ organizations: 4, perOrganization: 3, seed: 42 });
    expect(result).toEqual({
      organizations: 4,
      configurations: 12,
      contacts: 12,
      locations: 4,
      passwords: 12,
      flexibleAssets: 12,
    });
    const first = await emulator.admin.dump();
    await emulator.admin.reset();
    await adminCall(emulator, 'POST', 'seed', { organizations: 4, perOrganization: 3, seed: 42 });
    const second = await emulator.admin.dump();
    const shape = (state: Json) =>
      ['organizations', 'configurations', 'contacts', 'passwords', 'flexible-assets'].map((type) =>
        state[type].map((item: Json) => [
          item.id,
          item.attributes.name,
          item.attributes.password ?? item.attributes['primary-ip'] ?? null,
        ]),
      );
    expect(shape(second)).toEqual(shape(first));
    // The dump (unlike API answers) shows the PSA kind and id next to the status.
    const synced = first.organizations?.filter((org) => org.attributes['psa-integration']) ?? [];
    expect(synced.every((org) => typeof org.attributes['psa-id'] === 'string')).toBe(true);
    expect(
      synced.every((org) => ['manage', 'autotask'].includes(String(org.attributes['psa-integration-type']))),
    ).toBe(true);
    const cfg = first.configurations?.[0]?.attributes ?? {};
    expect(cfg['primary-ip']).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(cfg['mac-address']).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
    expect(first.passwords?.[0]?.attributes.password).toEqual(expect.any(String));
    const wireless = first['flexible-asset-types']?.find((type) => type.attributes.name === 'Wireless');
    const listed = await api.get(`/flexible_assets?filter[flexible_asset_type_id]=${wireless?.id}`);
    expect(listed.body.data.length).toBeGreaterThan(0);
    expect(
      (await adminCall(emulator, 'POST', 'seed', { organizations: -1, perOrganization: 1 })).status,
    ).toBe(400);
  });
});

describe('startEmulator options', () => {
  it('generates seed data at start and rejects bad options with a coded error', async () => {
    const emulator = await startEmulator({ generate: { organizations: 2, perOrganization: 1 }, seed: 3 });
    expect((await client(emulator).get('/organizations')).body.data).toHaveLength(2);
    await emulator.stop();
    await expect(startEmulator({ port: -1 })).rejects.toMatchObject({ code: 'EEMULATOR_OPTIONS' });
    await expect(startEmulator({ faults: 'nope:1' })).rejects.toMatchObject({ code: 'EEMULATOR_FAULT_SPEC' });
  });

  it('adds latencyMs to every API response', async () => {
    const emulator = await startEmulator({ latencyMs: 120 });
    const started = Date.now();
    expect((await client(emulator).get('/organizations')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    await emulator.stop();
  });

  it('listens on 127.0.0.1 with the url and port it reports', async () => {
    const emulator = await startEmulator();
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    await emulator.stop();
    await emulator.stop();
  });
});
