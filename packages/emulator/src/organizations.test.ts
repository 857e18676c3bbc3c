import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { startEmulator } from './server.js';
import type { RunningEmulator } from './types.js';
import { client, createOrganization, doc, lookup, type Client } from './test-support.js';

const RFC3339_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('organizations', () => {
  let emulator: RunningEmulator;
  let api: Client;
  beforeAll(async () => {
    emulator = await startEmulator();
    api = client(emulator);
  });
  beforeEach(() => emulator.admin.reset());
  afterAll(() => emulator.stop());

  it('creates with snake_case and answers JSON:API with kebab attributes, names and timestamps', async () => {
    const typeId = await lookup(api, 'organization_types', 'Customer');
    const statusId = await lookup(api, 'organization_statuses', 'Active');
    const answer = await api.post(
      '/organizations',
      doc('organizations', {
        name: 'Acme',
        organization_type_id: typeId,
        'organization-status-id': statusId,
        short_name: 'ACME',
      }),
    );
    expect(answer.status).toBe(201);
    const { id, type, attributes } = answer.body.data;
    expect(id).toMatch(/^\d+$/);
    expect(type).toBe('organizations');
    expect(attributes).toMatchObject({
      name: 'Acme',
      'short-name': 'ACME',
      'organization-type-id': typeId,
      'organization-type-name': 'Customer',
      'organization-status-name': 'Active',
      'ancestor-ids': '[]',
      'resource-url': `${emulator.url}/${id}`,
    });
    expect(attributes['created-at']).toMatch(RFC3339_MS);
    expect(attributes['updated-at']).toMatch(RFC3339_MS);
  });

  it('cuts quick notes to 250 characters in the index, full text on show', async () => {
    const notes = 'n'.repeat(400);
    const id = await createOrganization(api, 'Notes Co', { quick_notes: notes });
    const list = await api.get('/organizations');
    expect(list.body.data[0].attributes['quick-notes']).toHaveLength(250);
    const show = await api.get(`/organizations/${id}`);
    expect(show.body.data.attributes['quick-notes']).toBe(notes);
  });

  it('updates with PATCH /:id and moves updated-at', async () => {
    const id = await createOrganization(api, 'Before');
    const before = (await api.get(`/organizations/${id}`)).body.data.attributes['updated-at'];
    const answer = await api.patch(
      `/organizations/${id}`,
      doc('organizations', { name: 'After', description: 'd' }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data.attributes).toMatchObject({ name: 'After', description: 'd' });
    expect(Date.parse(answer.body.data.attributes['updated-at'])).toBeGreaterThan(Date.parse(before));
  });

  it('rejects relationships in a PATCH with 422', async () => {
    const id = await createOrganization(api, 'Rel');
    const answer = await api.patch(
      `/organizations/${id}`,
      doc(
        'organizations',
        { name: 'X' },
        { relationships: { parent: { data: { type: 'organizations', id: '1' } } } },
      ),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0].status).toBe('unprocessable_entity');
  });

  it('bulk-updates with PATCH /organizations', async () => {
    const a = await createOrganization(api, 'A');
    const b = await createOrganization(api, 'B');
    const answer = await api.patch('/organizations', {
      data: [
        { type: 'organizations', attributes: { id: a, alert: 'one' } },
        { type: 'organizations', attributes: { id: String(b), alert: 'two' } },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data.map((item: { attributes: { alert: string } }) => item.attributes.alert)).toEqual([
      'one',
      'two',
    ]);
  });

  it('validates the whole bulk update before applying any of it', async () => {
    const a = await createOrganization(api, 'Stays');
    const answer = await api.patch('/organizations', {
      data: [
        { type: 'organizations', attributes: { id: a, name: 'Changed' } },
        { type: 'organizations', attributes: { id: 999999, name: 'Missing' } },
      ],
    });
    expect(answer.status).toBe(404);
    expect((await api.get(`/organizations/${a}`)).body.data.attributes.name).toBe('Stays');
  });

  it('bulk-deletes with DELETE /organizations and takes their records along', async () => {
    const a = await createOrganization(api, 'Gone');
    const typeId = await lookup(api, 'configuration_types', 'Firewall');
    await api.post(
      `/organizations/${a}/relationships/configurations`,
      doc('configurations', { name: 'fw', configuration_type_id: typeId }),
    );
    const answer = await api.delete('/organizations', {
      data: [{ type: 'organizations', attributes: { id: a } }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data[0].attributes.name).toBe('Gone');
    expect((await api.get(`/organizations/${a}`)).status).toBe(404);
    expect((await api.get(`/configurations?filter[organization_id]=${a}`)).body.meta['total-count']).toBe(0);
  });

  it('refuses data combined with a filter on bulk DELETE', async () => {
    const a = await createOrganization(api, 'Keep');
    const answer = await api.delete(`/organizations?filter[id]=${a}`, {
      data: [{ type: 'organizations', attributes: { id: a } }],
    });
    expect(answer.status).toBe(422);
  });

  it('locks PSA-synced organizations except alert, description and quick_notes', async () => {
    const [id] = await emulator.admin.insert('organizations', [
      { name: 'Synced', 'psa-integration': 'enabled', psa_integration_type: 'manage', psa_id: '42' },
    ]);
    const locked = await api.patch(`/organizations/${id}`, doc('organizations', { name: 'Renamed' }));
    expect(locked.status).toBe(422);
    expect(locked.body.errors[0]).toMatchObject({ status: 'unprocessable_entity' });
    expect(locked.body.errors[0].detail).toMatch(
      /^Cannot update a synced resource\. .*only alert, description, quick_notes can be changed \(not name\)/,
    );
    const allowed = await api.patch(
      `/organizations/${id}`,
      doc('organizations', { alert: 'a', description: 'b', quick_notes: 'c' }),
    );
    expect(allowed.status).toBe(200);
    expect(allowed.body.data.attributes).toMatchObject({
      alert: 'a',
      description: 'b',
      'quick-notes': 'c',
      name: 'Synced',
    });
  });

  it('derives ancestor-ids from parent-id', async () => {
    const root = await createOrganization(api, 'Root');
    const mid = await createOrganization(api, 'Mid', { parent_id: root });
    const leaf = await createOrganization(api, 'Leaf', { parent_id: mid });
    expect((await api.get(`/organizations/${leaf}`)).body.data.attributes['ancestor-ids']).toBe(
      `[${root},${mid}]`,
    );
  });

  describe('filters and sorts', () => {
    const day = 24 * 60 * 60 * 1000;
    const iso = (ms: number) => new Date(ms).toISOString();
    let ids: string[];
    beforeEach(async () => {
      const now = Date.now();
      const customer = await lookup(api, 'organization_types', 'Customer');
      const vendor = await lookup(api, 'organization_types', 'Vendor');
      ids = await emulator.admin.insert('organizations', [
        {
          name: 'Zeta',
          organization_type_id: customer,
          'updated-at': iso(now - 1 * day),
          'created-at': iso(now - 30 * day),
        },
        {
          name: 'Alpha',
          organization_type_id: vendor,
          'updated-at': iso(now - 3 * day),
          'created-at': iso(now - 3 * day),
        },
        {
          name: 'Smith, Jones LLP',
          organization_type_id: customer,
          'updated-at': iso(now - 10 * day),
          psa_integration_type: 'manage',
          psa_id: '77',
        },
        { name: 'Mid', 'updated-at': iso(now - 5 * day) },
      ]);
    });
    const names = (answer: { body: { data: { attributes: { name: string } }[] } }) =>
      answer.body.data.map((item) => item.attributes.name);

    it('filters by id (several values), name and type', async () => {
      expect(names(await api.get(`/organizations?filter[id]=${ids[0]},${ids[1]}`))).toEqual([
        'Zeta',
        'Alpha',
      ]);
      expect(names(await api.get('/organizations?filter[name]=alpha'))).toEqual(['Alpha']);
      const vendor = await lookup(api, 'organization_types', 'Vendor');
      expect(names(await api.get(`/organizations?filter[organization_type_id]=${vendor}`))).toEqual([
        'Alpha',
      ]);
      expect(names(await api.get(`/organizations?filter[organization-type-id]=${vendor}`))).toEqual([
        'Alpha',
      ]);
    });

    it('reads \\, as a literal comma in filter values', async () => {
      expect(names(await api.get('/organizations?filter[name]=Smith\\, Jones LLP'))).toEqual([
        'Smith, Jones LLP',
      ]);
    });

    it('filters psa_id only together with psa_integration_type', async () => {
      expect(
        names(await api.get('/organizations?filter[psa_id]=77&filter[psa_integration_type]=manage')),
      ).toEqual(['Smith, Jones LLP']);
      expect((await api.get('/organizations?filter[psa_id]=77')).status).toBe(422);
    });

    it('supports filter[exclude][...]', async () => {
      expect(names(await api.get(`/organizations?filter[exclude][id]=${ids[0]}`))).toEqual([
        'Alpha',
        'Smith, Jones LLP',
        'Mid',
      ]);
    });

    it('ignores unknown filters', async () => {
      expect((await api.get('/organizations?filter[colour]=blue')).body.meta['total-count']).toBe(4);
    });

    it('filters updated_at ranges within a week, with * as an open end', async () => {
      const now = Date.now();
      const answer = await api.get(`/organizations?filter[updated_at]=${iso(now - 6 * day)},*`);
      expect(answer.status).toBe(200);
      expect(names(answer)).toEqual(['Zeta', 'Alpha', 'Mid']);
      const closed = await api.get(
        `/organizations?filter[updated_at]=${iso(now - 4 * day)},${iso(now - 2 * day)}`,
      );
      expect(names(closed)).toEqual(['Alpha']);
    });

    it("rejects ranges over 7 days and a leading * with 422 and IT Glue's message", async () => {
      const now = Date.now();
      const message = 'date range filter cannot be longer than a week, and cannot start with a wildcard';
      const long = await api.get(`/organizations?filter[updated_at]=${iso(now - 8 * day)},${iso(now)}`);
      expect(long.status).toBe(422);
      expect(long.body.errors[0].detail).toBe(message);
      const open = await api.get(`/organizations?filter[created_at]=${iso(now - 9 * day)},*`);
      expect(open.status).toBe(422);
      const leading = await api.get(`/organizations?filter[updated_at]=*,${iso(now)}`);
      expect(leading.status).toBe(422);
      expect(leading.body.errors[0].detail).toBe(message);
    });

    it('accepts dates without a time part', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const answer = await api.get(`/organizations?filter[updated_at]=${today},${today}`);
      expect(answer.status).toBe(200);
    });

    it('sorts by name, -name, kebab keys and denormalised names', async () => {
      expect(names(await api.get('/organizations?sort=name'))).toEqual([
        'Alpha',
        'Mid',
        'Smith, Jones LLP',
        'Zeta',
      ]);
      expect(names(await api.get('/organizations?sort=-name'))).toEqual([
        'Zeta',
        'Smith, Jones LLP',
        'Mid',
        'Alpha',
      ]);
      expect(names(await api.get('/organizations?sort=-updated-at'))).toEqual([
        'Zeta',
        'Alpha',
        'Mid',
        'Smith, Jones LLP',
      ]);
      expect(names(await api.get('/organizations?sort=organization_type_name,name'))).toEqual([
        'Smith, Jones LLP',
        'Zeta',
        'Alpha',
        'Mid',
      ]);
    });

    it('answers 400 for a sort key the resource does not have', async () => {
      expect((await api.get('/organizations?sort=colour')).status).toBe(400);
    });
  });
});
