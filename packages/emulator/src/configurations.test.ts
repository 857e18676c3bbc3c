import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { startEmulator } from './server.js';
import type { RunningEmulator } from './types.js';
import { client, createOrganization, doc, lookup, type Client } from './test-support.js';

describe('configurations and configuration interfaces', () => {
  let emulator: RunningEmulator;
  let api: Client;
  let org: number;
  let other: number;
  let server: number;
  let firewall: number;
  beforeAll(async () => {
    emulator = await startEmulator();
    api = client(emulator);
  });
  beforeEach(async () => {
    await emulator.admin.reset();
    org = await createOrganization(api, 'Config Co');
    other = await createOrganization(api, 'Other Co');
    server = await lookup(api, 'configuration_types', 'Managed Server');
    firewall = await lookup(api, 'configuration_types', 'Firewall');
  });
  afterAll(() => emulator.stop());

  const create = (attributes: Record<string, unknown>) =>
    api.post(
      '/configurations',
      doc('configurations', { organization_id: org, configuration_type_id: server, ...attributes }),
    );

  it('creates on the top-level route with denormalised names', async () => {
    const answer = await create({
      name: 'SRV-01',
      'primary-ip': '10.0.0.5',
      mac_address: '00:11:22:33:44:55',
    });
    expect(answer.status).toBe(201);
    expect(answer.body.data.type).toBe('configurations');
    expect(answer.body.data.attributes).toMatchObject({
      name: 'SRV-01',
      'primary-ip': '10.0.0.5',
      'mac-address': '00:11:22:33:44:55',
      'organization-name': 'Config Co',
      'configuration-type-name': 'Managed Server',
      archived: false,
    });
  });

  it('validates required fields and field lengths', async () => {
    const missing = await api.post(
      '/configurations',
      doc('configurations', { organization_id: org, name: 'x' }),
    );
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].source.pointer).toBe('/data/attributes/configuration-type-id');
    const long = await create({ name: 'x', mac_address: '00:11:22:33:44:55:66' });
    expect(long.status).toBe(422);
    expect(long.body.errors[0].source.pointer).toBe('/data/attributes/mac-address');
  });

  it('bulk-creates with an array only on the nested route', async () => {
    const items = [1, 2, 3].map((n) => ({
      type: 'configurations',
      attributes: { name: `WS-${n}`, configuration_type_id: server },
    }));
    const nested = await api.post(`/organizations/${org}/relationships/configurations`, { data: items });
    expect(nested.status).toBe(201);
    expect(nested.body.data).toHaveLength(3);
    expect(nested.body.data[0].attributes['organization-id']).toBe(org);
    const flat = await api.post('/configurations', { data: items });
    expect(flat.status).toBe(422);
    expect(flat.body.errors[0].detail).toBe('bulk action not allowed for Configuration using this route');
  });

  it('lists nested routes without applying filters', async () => {
    await create({ name: 'A' });
    await create({ name: 'B', configuration_type_id: firewall });
    await api.post(
      '/configurations',
      doc('configurations', { organization_id: other, name: 'C', configuration_type_id: server }),
    );
    const nested = await api.get(`/organizations/${org}/relationships/configurations?filter[name]=A`);
    expect(nested.body.data.map((item: { attributes: { name: string } }) => item.attributes.name)).toEqual([
      'A',
      'B',
    ]);
    const flat = await api.get(`/configurations?filter[organization_id]=${org}&filter[name]=A`);
    expect(flat.body.data).toHaveLength(1);
  });

  it('filters by type, archived, serial number and several organizations', async () => {
    await create({ name: 'A', serial_number: 'SN1' });
    await create({ name: 'B', configuration_type_id: firewall, archived: true });
    await api.post(
      '/configurations',
      doc('configurations', { organization_id: other, name: 'C', configuration_type_id: server }),
    );
    const count = async (query: string) =>
      (await api.get(`/configurations?${query}`)).body.meta['total-count'];
    expect(await count(`filter[configuration_type_id]=${firewall}`)).toBe(1);
    expect(await count('filter[archived]=true')).toBe(1);
    expect(await count('filter[archived]=false')).toBe(2);
    expect(await count('filter[serial_number]=SN1')).toBe(1);
    expect(await count(`filter[organization_id]=${org},${other}`)).toBe(3);
    expect(await count(`filter[organization_id]=${other}`)).toBe(1);
  });

  it('sorts by -name and -created_at', async () => {
    await create({ name: 'b' });
    await create({ name: 'a' });
    await create({ name: 'c' });
    const sorted = await api.get('/configurations?sort=-name');
    expect(sorted.body.data.map((item: { attributes: { name: string } }) => item.attributes.name)).toEqual([
      'c',
      'b',
      'a',
    ]);
  });

  it('shows and updates through the nested route only for its own organization', async () => {
    const id = (await create({ name: 'Mine' })).body.data.id;
    expect((await api.get(`/organizations/${org}/relationships/configurations/${id}`)).status).toBe(200);
    expect((await api.get(`/organizations/${other}/relationships/configurations/${id}`)).status).toBe(404);
    const patched = await api.patch(
      `/organizations/${org}/relationships/configurations/${id}`,
      doc('configurations', { notes: 'patched' }),
    );
    expect(patched.status).toBe(200);
    expect(patched.body.data.attributes.notes).toBe('patched');
  });

  it('bulk-updates at the top level but not on the nested route', async () => {
    const id = (await create({ name: 'Bulk' })).body.data.id;
    const body = { data: [{ type: 'configurations', attributes: { id, notes: 'bulk' } }] };
    expect((await api.patch('/configurations', body)).status).toBe(200);
    const nested = await api.patch(`/organizations/${org}/relationships/configurations`, body);
    expect(nested.status).toBe(404);
    expect(nested.headers.get('content-type')).toContain('text/html');
  });

  it('bulk-deletes at the top level and on the nested route; no single DELETE', async () => {
    const a = (await create({ name: 'A' })).body.data.id;
    const b = (await create({ name: 'B' })).body.data.id;
    expect((await api.delete(`/configurations/${a}`)).status).toBe(404);
    const top = await api.delete('/configurations', {
      data: [{ type: 'configurations', attributes: { id: a } }],
    });
    expect(top.status).toBe(200);
    expect(top.body.data[0].id).toBe(a);
    const nested = await api.delete(`/organizations/${org}/relationships/configurations`, {
      data: [{ type: 'configurations', attributes: { id: b } }],
    });
    expect(nested.status).toBe(200);
    expect((await api.get('/configurations')).body.meta['total-count']).toBe(0);
  });

  it('rejects relationships in PATCH but accepts interfaces in POST relationships', async () => {
    const created = await api.post(
      '/configurations',
      doc(
        'configurations',
        { organization_id: org, configuration_type_id: server, name: 'NIC host' },
        {
          relationships: {
            configuration_interfaces: {
              data: [
                {
                  type: 'configuration_interfaces',
                  attributes: { name: 'eth0', ip_address: '10.0.0.9', primary: true },
                },
              ],
            },
          },
        },
      ),
    );
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const shown = await api.get(`/configurations/${id}?include=configuration_interfaces`);
    expect(shown.body.data.relationships['configuration-interfaces'].data).toHaveLength(1);
    expect(shown.body.included[0]).toMatchObject({
      type: 'configuration-interfaces',
      attributes: { name: 'eth0', 'ip-address': '10.0.0.9' },
    });
    const patched = await api.patch(
      `/configurations/${id}`,
      doc('configurations', { name: 'x' }, { relationships: { configuration_interfaces: { data: [] } } }),
    );
    expect(patched.status).toBe(422);
  });

  it('serves configuration interfaces on nested and flat routes', async () => {
    const id = (await create({ name: 'Host' })).body.data.id;
    const base = `/configurations/${id}/relationships/configuration_interfaces`;
    const nested = await api.post(
      base,
      doc('configuration_interfaces', { name: 'eth0', ip_address: '10.1.1.1' }),
    );
    expect(nested.status).toBe(201);
    const flat = await api.post(
      '/configuration_interfaces',
      doc('configuration_interfaces', { configuration_id: id, name: 'eth1' }),
    );
    expect(flat.status).toBe(201);
    const ifaceId = nested.body.data.id;
    expect((await api.get(base)).body.data).toHaveLength(2);
    expect((await api.get(`${base}/${ifaceId}`)).body.data.attributes.name).toBe('eth0');
    expect(
      (await api.get(`/configuration_interfaces/${ifaceId}`)).body.data.attributes['configuration-id'],
    ).toBe(Number(id));
    expect(
      (
        await api.patch(
          `/configuration_interfaces/${ifaceId}`,
          doc('configuration_interfaces', { notes: 'n' }),
        )
      ).status,
    ).toBe(200);
    const bulk = await api.patch('/configuration_interfaces', {
      data: [{ type: 'configuration_interfaces', attributes: { id: ifaceId, notes: 'bulk' } }],
    });
    expect(bulk.status).toBe(200);
    expect((await api.delete(`${base}/${ifaceId}`)).status).toBe(204);
    expect((await api.get('/configuration_interfaces')).status).toBe(404);
  });

  it('locks PSA-synced configurations to the documented fields', async () => {
    const [id] = await emulator.admin.insert('configurations', [
      {
        organization_id: org,
        configuration_type_id: server,
        name: 'Synced',
        'psa-integration': 'enabled',
        psa_integration_type: 'manage',
        psa_id: '9',
      },
    ]);
    const locked = await api.patch(`/configurations/${id}`, doc('configurations', { name: 'x' }));
    expect(locked.status).toBe(422);
    expect(locked.body.errors[0].detail).toContain('Cannot update a synced resource');
    const ok = await api.patch(
      `/configurations/${id}`,
      doc('configurations', {
        notes: 'n',
        serial_number: 'S',
        archived: true,
        asset_tag: 'A1',
        purchased_at: '2024-01-02',
        warranty_expires_at: '2027-01-02',
        restricted: true,
        mitp_device_expiration_date: '2028-01-01',
        mitp_end_of_life_date: '2029-01-01',
      }),
    );
    expect(ok.status).toBe(200);
  });
});
