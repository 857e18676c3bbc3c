import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator } from './server.js';
import type { RunningEmulator } from './types.js';
import { client, createOrganization, doc, lookup, type Client, type Json } from './test-support.js';

const LOCKED = /^Cannot update a synced resource\. /;

describe('PSA sync (reference §6a): status answered, kind and id only filtered, locks while enabled', () => {
  let emulator: RunningEmulator;
  let api: Client;
  let org: number;
  beforeAll(async () => {
    emulator = await startEmulator();
    api = client(emulator);
  });
  beforeEach(async () => {
    await emulator.admin.reset();
    org = await createOrganization(api, 'Plain Co');
  });
  afterAll(() => emulator.stop());

  const insert = async (type: string, attributes: Record<string, unknown>) => {
    const [id] = await emulator.admin.insert(type, [attributes]);
    return String(id);
  };
  const synced = (extra: Record<string, unknown> = {}) => ({
    'psa-integration': 'enabled',
    'psa-integration-type': 'manage',
    'psa-id': '250',
    ...extra,
  });
  const patch = (type: string, id: string, attributes: Record<string, unknown>) =>
    api.patch(`/${type}/${id}`, doc(type, attributes));

  it('answers psa-integration (and sync-active on contacts), never the PSA kind or id', async () => {
    const orgId = await insert('organizations', synced({ name: 'Synced Co' }));
    const contact = await insert(
      'contacts',
      synced({ 'organization-id': org, 'first-name': 'Sam', 'sync-active': true }),
    );
    const shown = (await api.get(`/organizations/${orgId}`)).body.data.attributes;
    expect(shown['psa-integration']).toBe('enabled');
    expect(shown).not.toHaveProperty('psa-integration-type');
    expect(shown).not.toHaveProperty('psa-id');
    const person = (await api.get(`/contacts?filter[organization_id]=${org}`)).body.data[0].attributes;
    expect(person).toMatchObject({ 'psa-integration': 'enabled', 'sync-active': true });
    expect(Object.keys(person)).not.toContain('psa-integration-type');
    const plain = (await api.get(`/organizations/${org}`)).body.data.attributes;
    expect(plain['psa-integration']).toBeNull();
    // The admin dump is the test oracle: it shows what IT Glue only filters by.
    const dumped = (await emulator.admin.dump()).contacts?.find((c) => c.id === contact)?.attributes;
    expect(dumped).toMatchObject({ 'psa-integration-type': 'manage', 'psa-id': '250' });
  });

  it('filters by kind, and by PSA id (a string) only together with the kind', async () => {
    await insert('organizations', synced({ name: 'Manage Co' }));
    await insert(
      'organizations',
      synced({ name: 'Autotask Co', 'psa-integration-type': 'autotask', 'psa-id': '0250' }),
    );
    const names = async (query: string) =>
      (await api.get(`/organizations?${query}`)).body.data.map((item: Json) => item.attributes.name);
    expect(await names('filter[psa_integration_type]=autotask')).toEqual(['Autotask Co']);
    expect(await names('filter[psa_integration_type]=manage&filter[psa_id]=250')).toEqual(['Manage Co']);
    expect(await names('filter[psa_integration_type]=autotask&filter[psa_id]=250')).toEqual([]);
    const alone = await api.get('/organizations?filter[psa_id]=250');
    expect(alone.status).toBe(422);
    expect(alone.body.errors[0].detail).toContain('requires filter[psa_integration_type]');
  });

  it('locks an enabled organization to alert, description and quick_notes; disabled and orphaned ones are writable', async () => {
    const enabled = await insert('organizations', synced({ name: 'Enabled Co' }));
    const locked = await patch('organizations', enabled, { name: 'X', alert: 'a' });
    expect(locked.status).toBe(422);
    expect(locked.body.errors[0].detail).toMatch(LOCKED);
    expect(locked.body.errors[0].detail).toContain(
      'only alert, description, quick_notes can be changed (not name)',
    );
    expect(
      (await patch('organizations', enabled, { alert: 'a', description: 'd', quick_notes: 'q' })).status,
    ).toBe(200);
    for (const status of ['disabled', 'orphaned']) {
      const id = await insert('organizations', synced({ name: `${status} Co`, 'psa-integration': status }));
      expect((await patch('organizations', id, { name: `${status} renamed` })).status).toBe(200);
    }
  });

  it('locks enabled contacts and locations entirely, and contacts whose sync is active', async () => {
    const contact = await insert('contacts', synced({ 'organization-id': org, 'first-name': 'Sam' }));
    const active = await insert('contacts', {
      'organization-id': org,
      'first-name': 'Ann',
      'sync-active': true,
    });
    const location = await insert('locations', synced({ 'organization-id': org, name: 'HQ' }));
    for (const [type, id] of [
      ['contacts', contact],
      ['contacts', active],
      ['locations', location],
    ] as const) {
      const answer = await patch(type, id, { notes: 'n' });
      expect(answer.status).toBe(422);
      expect(answer.body.errors[0].detail).toMatch(
        /^Cannot update a synced resource\. .*cannot change any of its fields/,
      );
    }
    const orphan = await insert(
      'locations',
      synced({ 'organization-id': org, name: 'Old', 'psa-integration': 'orphaned' }),
    );
    expect((await patch('locations', orphan, { name: 'Kept' })).status).toBe(200);
  });

  it('locks an enabled configuration to the documented fields, in bulk too (nothing applied)', async () => {
    const type = await lookup(api, 'configuration_types', 'Firewall');
    const base = { 'organization-id': org, 'configuration-type-id': type };
    const locked = await insert('configurations', synced({ ...base, name: 'FW-1' }));
    const free = await insert('configurations', { ...base, name: 'FW-2' });
    const answer = await patch('configurations', locked, { hostname: 'fw1' });
    expect(answer.body.errors[0].detail).toContain(
      'only serial_number, asset_tag, purchased_at, warranty_expires_at, notes, restricted, archived, mitp_device_expiration_date, mitp_end_of_life_date',
    );
    const bulk = await api.patch('/configurations', {
      data: [
        { type: 'configurations', attributes: { id: free, name: 'FW-2b' } },
        { type: 'configurations', attributes: { id: locked, name: 'FW-1b' } },
      ],
    });
    expect(bulk.status).toBe(422);
    expect((await api.get(`/configurations/${free}`)).body.data.attributes.name).toBe('FW-2');
  });

  it('refuses updates of synced lookup types, seeded and inserted', async () => {
    const client = await lookup(api, 'organization_types', 'Client');
    const answer = await patch('organization_types', String(client), { name: 'Clients' });
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0].detail).toMatch(LOCKED);
    const customer = await lookup(api, 'organization_types', 'Customer');
    expect((await patch('organization_types', String(customer), { name: 'Customers' })).status).toBe(200);
    const dell = await lookup(api, 'manufacturers', 'Dell');
    const model = await insert('models', {
      name: 'PSA Model',
      'manufacturer-id': dell,
      'psa-integration': 'enabled',
    });
    expect((await patch('models', model, { name: 'Renamed' })).status).toBe(422);
    expect((await api.get(`/models/${model}`)).body.data.attributes).not.toHaveProperty('psa-integration');
  });

  it('lets a person in the web UI (admin mutate) change what the API may not', async () => {
    const id = await insert('contacts', synced({ 'organization-id': org, 'first-name': 'Sam' }));
    const changed = await emulator.admin.mutate('contacts', id, { 'first-name': 'Samuel' });
    expect(changed.attributes['first-name']).toBe('Samuel');
  });

  it('reads a PSA kind given without a status (admin insert or mutate) as a live sync', async () => {
    const contact = await insert('contacts', {
      'organization-id': org,
      'first-name': 'K',
      'psa-integration-type': 'autotask',
      'psa-id': '9',
    });
    expect((await emulator.admin.dump()).contacts?.find((c) => c.id === contact)?.attributes).toMatchObject({
      'psa-integration': 'enabled',
      'sync-active': true,
    });
    const mutated = await emulator.admin.mutate('organizations', org, {
      'psa-integration-type': 'vorex',
      'psa-id': '1',
    });
    expect(mutated.attributes['psa-integration']).toBe('enabled');
    const kept = await insert('organizations', {
      name: 'Off',
      'psa-integration': 'disabled',
      'psa-integration-type': 'manage',
    });
    expect((await api.get(`/organizations/${kept}`)).body.data.attributes['psa-integration']).toBe(
      'disabled',
    );
    const bad = await fetch(`${emulator.url}/__emulator/insert`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'organizations', attributes: [{ name: 'Bad', 'psa-integration': 'on' }] }),
    });
    expect(bad.status).toBe(422);
  });

  it('seeds a mix: most synced organizations enabled, some disabled or orphaned, children synced under enabled ones', async () => {
    await emulator.admin.seed({ organizations: 40, perOrganization: 3, seed: 11 });
    const dump = await emulator.admin.dump();
    const statuses = (type: string) =>
      (dump[type] ?? []).map((record) => record.attributes['psa-integration'] ?? null);
    const count = (list: unknown[], value: unknown) => list.filter((item) => item === value).length;
    const orgs = statuses('organizations');
    expect(count(orgs, 'enabled')).toBeGreaterThan(count(orgs, 'disabled') + count(orgs, 'orphaned'));
    expect(count(orgs, 'disabled') + count(orgs, 'orphaned')).toBeGreaterThan(0);
    expect(count(orgs, null)).toBeGreaterThan(count(orgs, 'enabled'));
    for (const type of ['contacts', 'locations', 'configurations'])
      expect(count(statuses(type), 'enabled')).toBeGreaterThan(0);
    for (const contact of dump.contacts ?? []) {
      expect(contact.attributes['sync-active']).toBe(contact.attributes['psa-integration'] === 'enabled');
    }
  });
});
