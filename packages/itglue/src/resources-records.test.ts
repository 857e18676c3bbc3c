/** Organizations, configurations (+ interfaces), contacts, locations, lookups, the generic resource. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isGlueflowError } from './errors/index.js';
import { collect, startHarness } from './__fixtures__/harness.js';
import type { Harness } from './__fixtures__/harness.js';
import type { ITGlueClient } from './itglue-client.js';

let h: Harness;
let client: ITGlueClient;
let configurationTypeId: string;
beforeAll(async () => {
  h = await startHarness({ generate: { organizations: 2, perOrganization: 2 } });
  client = await h.client();
  configurationTypeId = (await collect(client.configurationTypes.list()))[0]!.id;
});
afterAll(async () => h.close());

describe('organizations', () => {
  it('create, get (full quick notes), update, list, bulk update, bulk delete — and no single delete', async () => {
    const notes = 'n'.repeat(400);
    const org = await client.organizations.create({ name: 'Globex', shortName: 'GLX', quickNotes: notes });
    expect(org).toMatchObject({ name: 'Globex', shortName: 'GLX', type: 'organizations' });
    expect(typeof org.id).toBe('string');
    expect((await client.organizations.get(org.id))?.quickNotes).toHaveLength(400);
    const listed = (await collect(client.organizations.list({ filter: { id: org.id } })))[0];
    expect(listed?.quickNotes).toHaveLength(250); // IT Glue cuts quick notes in lists
    const updated = await client.organizations.update(org.id, { description: 'Widgets', parentId: null });
    expect(updated.description).toBe('Widgets');
    const second = await client.organizations.create({ name: 'Initech' });
    const bulk = await client.organizations.bulkUpdate([
      { id: org.id, alert: 'check backups' },
      { id: second.id, alert: 'new client' },
    ]);
    expect(bulk.map((o) => o.alert).sort()).toEqual(['check backups', 'new client']);
    expect(await client.organizations.bulkDelete([org.id, second.id])).toBe(2);
    expect(await client.organizations.get(org.id)).toBeNull();
    expect('delete' in client.organizations).toBe(false);
  });

  it('a PSA-synced organization refuses locked fields with EITGLUE_VALIDATION', async () => {
    const org = await client.organizations.create({ name: 'Synced Co' });
    await h.emulator.admin.mutate('organizations', org.id, {
      'psa-integration-type': 'manage',
      'psa-id': '77',
    });
    const error = await client.organizations.update(org.id, { name: 'Renamed' }).catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_VALIDATION')).toBe(true);
    expect((await client.organizations.update(org.id, { alert: 'allowed' })).alert).toBe('allowed');
  });
});

describe('configurations and interfaces', () => {
  it('CRUD, bulk create on the nested route, interfaces, bulk update, bulk delete', async () => {
    const org = await client.organizations.create({ name: 'Config Org' });
    const config = await client.configurations.create({
      organizationId: org.id,
      name: 'SRV-01',
      configurationTypeId,
      serialNumber: 'SN1',
      macAddress: 'AA:BB:CC:DD:EE:FF',
    });
    expect(config).toMatchObject({
      name: 'SRV-01',
      organizationId: org.id,
      serialNumber: 'SN1',
      configurationTypeId,
    });
    const many = await client.configurations.createMany(org.id, [
      { name: 'PC-1', configurationTypeId },
      { name: 'PC-2', configurationTypeId },
    ]);
    expect(many.map((c) => c.name)).toEqual(['PC-1', 'PC-2']);
    const listed = await collect(client.configurations.list({ organizationId: org.id, sort: 'name' }));
    expect(listed.map((c) => c.name)).toEqual(['PC-1', 'PC-2', 'SRV-01']);

    const nic = await client.configurations.interfaces.create(config.id, {
      name: 'eth0',
      ipAddress: '10.0.0.5',
      primary: true,
    });
    expect(nic).toMatchObject({ name: 'eth0', ipAddress: '10.0.0.5', configurationId: config.id });
    await client.configurations.interfaces.update(nic.id, { notes: 'uplink' });
    expect((await collect(client.configurations.interfaces.list(config.id)))[0]?.notes).toBe('uplink');
    await client.configurations.interfaces.delete(config.id, nic.id);
    expect(await client.configurations.interfaces.get(nic.id)).toBeNull();

    const bulk = await client.configurations.bulkUpdate(many.map((c) => ({ id: c.id, archived: true })));
    expect(bulk.every((c) => c.archived)).toBe(true);
    expect(await client.configurations.bulkDelete([config.id, ...many.map((c) => c.id)])).toBe(3);
    expect(await collect(client.configurations.list({ organizationId: org.id }))).toEqual([]);
  });

  it('bulk writes are cut into requests under 10 MB', async () => {
    const org = await client.organizations.create({ name: 'Bulk Org' });
    const created = await client.configurations.createMany(
      org.id,
      Array.from({ length: 6 }, (_, i) => ({ name: `BIG-${i}`, configurationTypeId })),
    );
    const notes = 'x'.repeat(4 * 1024 * 1024); // two per request: 8 MB, under the limit
    const requests: string[] = [];
    const counting = await h.client({
      hooks: { onRequest: (e) => requests.push(`${e.method} ${e.status}`) },
    });
    const updated = await counting.configurations.bulkUpdate(created.map((c) => ({ id: c.id, notes })));
    expect(updated).toHaveLength(6);
    expect(requests).toEqual(['PATCH 200', 'PATCH 200', 'PATCH 200']);
  });
});

describe('contacts and locations', () => {
  it('contacts: create with emails and phones (nested arrays converted), bulk create, update, bulk delete', async () => {
    const org = await client.organizations.create({ name: 'People Org' });
    const contact = await client.contacts.create({
      organizationId: org.id,
      firstName: 'Ada',
      lastName: 'Lovelace',
      contactEmails: [{ value: 'ada@example.com', primary: true, labelName: 'Work' }],
    });
    expect(contact).toMatchObject({ firstName: 'Ada', name: 'Ada Lovelace' });
    expect(contact.contactEmails?.[0]).toMatchObject({
      value: 'ada@example.com',
      primary: true,
      labelName: 'Work',
    });
    const [grace] = await client.contacts.createMany(org.id, [{ firstName: 'Grace' }]);
    expect((await client.contacts.update(grace!.id, { title: 'Admiral' })).title).toBe('Admiral');
    const byEmail = await collect(client.contacts.list({ filter: { primaryEmail: 'ada@example.com' } }));
    expect(byEmail.map((c) => c.id)).toEqual([contact.id]);
    expect(await client.contacts.bulkDelete([contact.id, grace!.id])).toBe(2);
  });

  it('locations: CRUD and the single delete on the nested route', async () => {
    const org = await client.organizations.create({ name: 'Place Org' });
    const location = await client.locations.create({
      organizationId: org.id,
      name: 'HQ',
      city: 'Leeds',
      address1: '1 Main St',
    });
    expect(location).toMatchObject({ name: 'HQ', city: 'Leeds', address1: '1 Main St' });
    expect((await client.locations.update(location.id, { primary: true })).primary).toBe(true);
    await client.locations.bulkUpdate([{ id: location.id, phone: '0113' }]);
    expect((await client.locations.get(location.id))?.phone).toBe('0113');
    await client.locations.delete(org.id, location.id);
    expect(await client.locations.get(location.id)).toBeNull();
    const other = await client.locations.create({ organizationId: org.id, name: 'Depot' });
    expect(await client.locations.bulkDelete([other.id])).toBe(1);
  });
});

describe('lookup types and the generic resource', () => {
  it('types and statuses: list, get, create, update (IT Glue has no delete for them)', async () => {
    const status = await client.configurationStatuses.create({ name: 'Awaiting Parts' });
    expect((await client.configurationStatuses.update(status.id, { name: 'On Order' })).name).toBe(
      'On Order',
    );
    expect((await client.configurationStatuses.get(status.id))?.name).toBe('On Order');
    for (const lookup of [
      client.organizationTypes,
      client.organizationStatuses,
      client.configurationTypes,
      client.contactTypes,
      client.passwordCategories,
      client.manufacturers,
      client.operatingSystems,
    ]) {
      expect((await collect(lookup.list())).length).toBeGreaterThan(0);
    }
    expect('delete' in client.organizationTypes).toBe(false);
  });

  it('client.resource(type) reaches any type, untyped, with camelCase attributes', async () => {
    const orgs = client.resource('organizations');
    const created = await orgs.create({ name: 'Generic Co', shortName: 'GEN' });
    expect(created).toMatchObject({ type: 'organizations', name: 'Generic Co', shortName: 'GEN' });
    expect((await orgs.get(created.id))?.name).toBe('Generic Co');
    expect((await collect(orgs.list({ filter: { name: 'Generic Co' } }))).length).toBe(1);
    expect(await orgs.bulkDelete([created.id])).toBe(1);
  });
});
