import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { startEmulator } from './server.js';
import type { RunningEmulator } from './types.js';
import { client, createOrganization, doc, type Client } from './test-support.js';

describe('flexible asset types, fields and assets', () => {
  let emulator: RunningEmulator;
  let api: Client;
  let org: number;
  let typeId: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    api = client(emulator);
  });
  beforeEach(async () => {
    await emulator.admin.reset();
    org = await createOrganization(api, 'Assets Co');
    const created = await api.post(
      '/flexible_asset_types',
      doc(
        'flexible_asset_types',
        { name: 'Wireless', icon: 'wifi' },
        {
          relationships: {
            flexible_asset_fields: {
              data: [
                {
                  type: 'flexible_asset_fields',
                  attributes: {
                    order: 1,
                    name: 'SSID',
                    kind: 'Text',
                    required: true,
                    use_for_title: true,
                    show_in_list: true,
                  },
                },
                {
                  type: 'flexible_asset_fields',
                  attributes: { order: 2, name: 'Band', kind: 'Select', default_value: '2.4 GHz\n5 GHz' },
                },
                { type: 'flexible_asset_fields', attributes: { order: 3, name: 'Key', kind: 'Password' } },
                { type: 'flexible_asset_fields', attributes: { order: 4, name: 'VLAN', kind: 'Number' } },
                {
                  type: 'flexible_asset_fields',
                  attributes: { order: 5, name: 'Owner', kind: 'Tag', tag_type: 'Organizations' },
                },
              ],
            },
          },
        },
      ),
    );
    expect(created.status).toBe(201);
    typeId = created.body.data.id;
  });
  afterAll(() => emulator.stop());

  const createAsset = (traits: Record<string, unknown>, organization = org) =>
    api.post(
      '/flexible_assets',
      doc('flexible_assets', { organization_id: organization, flexible_asset_type_id: typeId, traits }),
    );

  it('creates types with fields and lists the fields on the nested route with name-keys', async () => {
    expect((await api.get(`/flexible_asset_types/${typeId}`)).body.data.type).toBe('flexible-asset-types');
    const fields = await api.get(`/flexible_asset_types/${typeId}/relationships/flexible_asset_fields`);
    expect(
      fields.body.data.map((item: { attributes: Record<string, unknown> }) => item.attributes['name-key']),
    ).toEqual(['ssid', 'band', 'key', 'vlan', 'owner']);
    const included = await api.get(`/flexible_asset_types/${typeId}?include=flexible_asset_fields`);
    expect(included.body.included).toHaveLength(5);
    expect(
      (await api.post('/flexible_asset_types', doc('flexible_asset_types', { name: 'wireless' }))).status,
    ).toBe(422);
  });

  it('manages fields: nested bulk create, flat create/show/update/bulk update/delete', async () => {
    const nested = await api.post(`/flexible_asset_types/${typeId}/relationships/flexible_asset_fields`, {
      data: [
        { type: 'flexible_asset_fields', attributes: { name: 'Notes', kind: 'Textbox' } },
        { type: 'flexible_asset_fields', attributes: { name: 'Since', kind: 'Date' } },
      ],
    });
    expect(nested.status).toBe(201);
    const flat = await api.post(
      '/flexible_asset_fields',
      doc('flexible_asset_fields', { flexible_asset_type_id: typeId, name: 'Site', kind: 'Text' }),
    );
    expect(flat.status).toBe(201);
    const id = flat.body.data.id;
    expect((await api.get(`/flexible_asset_fields/${id}`)).body.data.attributes['name-key']).toBe('site');
    expect(
      (await api.patch(`/flexible_asset_fields/${id}`, doc('flexible_asset_fields', { hint: 'h' }))).status,
    ).toBe(200);
    expect(
      (
        await api.patch('/flexible_asset_fields', {
          data: [{ type: 'flexible_asset_fields', attributes: { id, hint: 'bulk' } }],
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.post(
          '/flexible_asset_fields',
          doc('flexible_asset_fields', { flexible_asset_type_id: typeId, name: 'Bad', kind: 'Colour' }),
        )
      ).status,
    ).toBe(422);
    expect((await api.delete(`/flexible_asset_fields/${id}`)).status).toBe(204);
  });

  it('refuses to list assets without the type filter (422)', async () => {
    const answer = await api.get('/flexible_assets');
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0].status).toBe('unprocessable_entity');
  });

  it('lists with the kebab or snake type filter and the organization filter', async () => {
    const other = await createOrganization(api, 'Other');
    await createAsset({ ssid: 'Corp' });
    await createAsset({ ssid: 'Guest' }, other);
    expect(
      (await api.get(`/flexible_assets?filter[flexible-asset-type-id]=${typeId}`)).body.data,
    ).toHaveLength(2);
    expect(
      (await api.get(`/flexible_assets?filter[flexible_asset_type_id]=${typeId}`)).body.data,
    ).toHaveLength(2);
    const byOrg = await api.get(
      `/flexible_assets?filter[flexible-asset-type-id]=${typeId}&filter[organization-id]=${other}`,
    );
    expect(byOrg.body.data.map((item: { attributes: { name: string } }) => item.attributes.name)).toEqual([
      'Guest',
    ]);
    const byName = await api.get(
      `/flexible_assets?filter[flexible_asset_type_id]=${typeId}&filter[name]=Corp`,
    );
    expect(byName.body.data).toHaveLength(1);
  });

  it('names the asset from use-for-title fields and reads tags as {type, values}', async () => {
    const answer = await createAsset({ ssid: 'Corp', band: '5 GHz', key: 'hunter2', vlan: '20', owner: org });
    expect(answer.status).toBe(201);
    expect(answer.body.data.type).toBe('flexible-assets');
    expect(answer.body.data.attributes).toMatchObject({
      name: 'Corp',
      'flexible-asset-type-name': 'Wireless',
      'organization-name': 'Assets Co',
      traits: {
        ssid: 'Corp',
        band: '5 GHz',
        key: 'hunter2',
        vlan: 20,
        owner: { type: 'Organizations', values: [{ id: org, name: 'Assets Co' }] },
      },
    });
  });

  it('enforces required fields, known trait keys and field kinds', async () => {
    const missing = await createAsset({ band: '5 GHz' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].source.pointer).toBe('/data/attributes/traits/ssid');
    const unknown = await createAsset({ ssid: 'x', colour: 'red' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].source.pointer).toBe('/data/attributes/traits/colour');
    expect((await createAsset({ ssid: 'x', band: '6 GHz' })).status).toBe(422);
    expect((await createAsset({ ssid: 'x', vlan: 'ten' })).status).toBe(422);
    expect((await createAsset({ ssid: 'x', owner: 999999 })).status).toBe(422);
  });

  it('PATCH replaces the whole trait set: omitted traits are deleted', async () => {
    const id = (await createAsset({ ssid: 'Corp', band: '5 GHz', key: 'k' })).body.data.id;
    const patched = await api.patch(
      `/flexible_assets/${id}`,
      doc('flexible_assets', { traits: { ssid: 'Corp2' } }),
    );
    expect(patched.status).toBe(200);
    expect(patched.body.data.attributes.traits).toEqual({ ssid: 'Corp2' });
    expect(patched.body.data.attributes.name).toBe('Corp2');
    const required = await api.patch(
      `/flexible_assets/${id}`,
      doc('flexible_assets', { traits: { band: '5 GHz' } }),
    );
    expect(required.status).toBe(422);
    const untouched = await api.patch(`/flexible_assets/${id}`, doc('flexible_assets', { archived: true }));
    expect(untouched.body.data.attributes.traits).toEqual({ ssid: 'Corp2' });
  });

  it('bulk-creates only on the organization route (422 on /flexible_assets)', async () => {
    const items = ['A', 'B'].map((ssid) => ({
      type: 'flexible_assets',
      attributes: { flexible_asset_type_id: typeId, traits: { ssid } },
    }));
    const flat = await api.post('/flexible_assets', { data: items });
    expect(flat.status).toBe(422);
    expect(flat.body.errors[0].detail).toBe('bulk action not allowed for Flexible Asset using this route');
    const nested = await api.post(`/organizations/${org}/relationships/flexible_assets`, { data: items });
    expect(nested.status).toBe(201);
    expect(nested.body.data).toHaveLength(2);
  });

  it('bulk-updates, deletes one (204) and bulk-deletes', async () => {
    const a = (await createAsset({ ssid: 'A' })).body.data.id;
    const b = (await createAsset({ ssid: 'B' })).body.data.id;
    const bulk = await api.patch('/flexible_assets', {
      data: [{ type: 'flexible_assets', attributes: { id: a, traits: { ssid: 'A2' } } }],
    });
    expect(bulk.body.data[0].attributes.name).toBe('A2');
    expect((await api.delete(`/flexible_assets/${a}`)).status).toBe(204);
    expect(
      (await api.delete('/flexible_assets', { data: [{ type: 'flexible_assets', attributes: { id: b } }] }))
        .status,
    ).toBe(200);
    expect((await api.get(`/flexible_assets?filter[flexible_asset_type_id]=${typeId}`)).body.data).toEqual(
      [],
    );
  });

  it("drops a deleted field's trait from existing assets", async () => {
    const id = (await createAsset({ ssid: 'A', key: 'k' })).body.data.id;
    const fields = await api.get(`/flexible_asset_types/${typeId}/relationships/flexible_asset_fields`);
    const keyField = fields.body.data.find(
      (item: { attributes: Record<string, unknown> }) => item.attributes['name-key'] === 'key',
    );
    await api.delete(`/flexible_asset_fields/${keyField.id}`);
    expect((await api.get(`/flexible_assets/${id}`)).body.data.attributes.traits).toEqual({ ssid: 'A' });
  });

  it('has no DELETE for flexible asset types', async () => {
    expect((await api.delete(`/flexible_asset_types/${typeId}`)).status).toBe(404);
  });
});
