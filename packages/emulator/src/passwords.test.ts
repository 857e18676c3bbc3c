import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { startEmulator } from './server.js';
import type { RunningEmulator } from './types.js';
import { client, createOrganization, doc, lookup, type Client } from './test-support.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('passwords', () => {
  let emulator: RunningEmulator;
  let api: Client;
  let org: number;
  beforeAll(async () => {
    emulator = await startEmulator();
    api = client(emulator);
  });
  beforeEach(async () => {
    await emulator.admin.reset();
    org = await createOrganization(api, 'Vault Co');
  });
  afterAll(() => emulator.stop());

  const create = (attributes: Record<string, unknown>) =>
    api.post('/passwords', doc('passwords', { organization_id: org, name: 'Admin', ...attributes }));

  it('shows the value only on GET /passwords/:id, never in lists or write answers', async () => {
    const category = await lookup(api, 'password_categories', 'Email');
    const created = await create({ username: 'root', password: 's3cret', password_category_id: category });
    expect(created.status).toBe(201);
    expect(created.body.data.attributes).not.toHaveProperty('password');
    expect(created.body.data.attributes['password-category-name']).toBe('Email');
    const id = created.body.data.id;
    const list = await api.get('/passwords');
    expect(list.body.data[0].attributes).not.toHaveProperty('password');
    const listAsked = await api.get('/passwords?show_password=true');
    expect(listAsked.body.data[0].attributes).not.toHaveProperty('password');
    const nested = await api.get(`/organizations/${org}/relationships/passwords`);
    expect(nested.body.data[0].attributes).not.toHaveProperty('password');
    const shown = await api.get(`/passwords/${id}`);
    expect(shown.body.data.attributes.password).toBe('s3cret');
    const hidden = await api.get(`/passwords/${id}?show_password=false`);
    expect(hidden.body.data.attributes).not.toHaveProperty('password');
  });

  it('moves password-updated-at when the value changes, not otherwise', async () => {
    const id = (await create({ password: 'one' })).body.data.id;
    const first = (await api.get(`/passwords/${id}`)).body.data.attributes['password-updated-at'];
    expect(first).toMatch(/Z$/);
    await sleep(5);
    await api.patch(`/passwords/${id}`, doc('passwords', { notes: 'no value change' }));
    expect((await api.get(`/passwords/${id}`)).body.data.attributes['password-updated-at']).toBe(first);
    await api.patch(`/passwords/${id}`, doc('passwords', { password: 'one' }));
    expect((await api.get(`/passwords/${id}`)).body.data.attributes['password-updated-at']).toBe(first);
    await api.patch(`/passwords/${id}`, doc('passwords', { password: 'two' }));
    const moved = (await api.get(`/passwords/${id}`)).body.data.attributes['password-updated-at'];
    expect(Date.parse(moved)).toBeGreaterThan(Date.parse(first));
  });

  it('lets the client set password_updated_at itself', async () => {
    const id = (await create({ password: 'x', password_updated_at: '2020-01-02T03:04:05Z' })).body.data.id;
    expect((await api.get(`/passwords/${id}`)).body.data.attributes['password-updated-at']).toBe(
      '2020-01-02T03:04:05.000Z',
    );
    await api.patch(
      `/passwords/${id}`,
      doc('passwords', { password: 'y', 'password-updated-at': '2021-06-01T00:00:00Z' }),
    );
    expect((await api.get(`/passwords/${id}`)).body.data.attributes['password-updated-at']).toBe(
      '2021-06-01T00:00:00.000Z',
    );
  });

  it('never returns the OTP secret but flags otp-enabled', async () => {
    const id = (await create({ otp_secret: 'JBSWY3DPEHPK3PXP' })).body.data.id;
    const shown = await api.get(`/passwords/${id}`);
    expect(shown.body.data.attributes['otp-enabled']).toBe(true);
    expect(shown.text).not.toContain('JBSWY3DPEHPK3PXP');
  });

  it('embeds a password in a configuration and names it', async () => {
    const type = await lookup(api, 'configuration_types', 'Firewall');
    const cfg = await api.post(
      '/configurations',
      doc('configurations', { organization_id: org, name: 'FW1', configuration_type_id: type }),
    );
    const created = await create({ resource_type: 'Configuration', resource_id: cfg.body.data.id });
    expect(created.body.data.attributes).toMatchObject({
      'cached-resource-name': 'FW1',
      'cached-resource-type-name': 'Configuration',
    });
    expect((await api.get('/passwords?filter[cached_resource_name]=FW1')).body.data).toHaveLength(1);
    expect((await create({ resource_type: 'Configuration', resource_id: 999999 })).status).toBe(422);
  });

  it('filters by organization, category, name and archived; sorts by username', async () => {
    const category = await lookup(api, 'password_categories', 'Cloud');
    await create({ name: 'B', username: 'zed', password_category_id: category });
    await create({ name: 'A', username: 'amy', archived: true });
    const count = async (query: string) => (await api.get(`/passwords?${query}`)).body.meta['total-count'];
    expect(await count(`filter[organization_id]=${org}`)).toBe(2);
    expect(await count(`filter[password_category_id]=${category}`)).toBe(1);
    expect(await count('filter[name]=A')).toBe(1);
    expect(await count('filter[archived]=true')).toBe(1);
    const sorted = await api.get('/passwords?sort=username');
    expect(
      sorted.body.data.map((item: { attributes: { username: string } }) => item.attributes.username),
    ).toEqual(['amy', 'zed']);
  });

  it('deletes one (204), nested one, and in bulk', async () => {
    const a = (await create({ name: 'a' })).body.data.id;
    const b = (await create({ name: 'b' })).body.data.id;
    const c = (await create({ name: 'c' })).body.data.id;
    expect((await api.delete(`/passwords/${a}`)).status).toBe(204);
    expect((await api.delete(`/organizations/${org}/relationships/passwords/${b}`)).status).toBe(204);
    const bulk = await api.delete('/passwords', { data: [{ type: 'passwords', attributes: { id: c } }] });
    expect(bulk.status).toBe(200);
    expect((await api.get('/passwords')).body.data).toEqual([]);
  });

  it('bulk-creates on the nested route and bulk-updates on the top-level route', async () => {
    const created = await api.post(`/organizations/${org}/relationships/passwords`, {
      data: [
        { type: 'passwords', attributes: { name: 'one', password: '1' } },
        { type: 'passwords', attributes: { name: 'two', password: '2' } },
      ],
    });
    expect(created.status).toBe(201);
    const [one, two] = created.body.data.map((item: { id: string }) => item.id);
    const updated = await api.patch('/passwords', {
      data: [
        { type: 'passwords', attributes: { id: one, password: 'uno' } },
        { type: 'passwords', attributes: { id: two, url: 'https://two' } },
      ],
    });
    expect(updated.status).toBe(200);
    expect((await api.get(`/passwords/${one}`)).body.data.attributes.password).toBe('uno');
  });

  it('reads attribute keys as IT Glue\'s Rails deserializer does: the docs\' camelCase "otpSecret" sets the OTP secret', async () => {
    const created = await create({
      otpSecret: 'SAFDSAFDSADFASDFASDF',
      generated_password_type: 'words',
      shareable: true,
    });
    expect(created.status).toBe(201);
    expect(created.body.data.attributes['otp-enabled']).toBe(true);
    // Request-only parameters: kept (the admin dump shows them), never answered.
    expect(created.body.data.attributes).not.toHaveProperty('shareable');
    const dumped = (await emulator.admin.dump()).passwords?.[0]?.attributes;
    expect(dumped).toMatchObject({ 'generated-password-type': 'words', shareable: true });
    expect(dumped).not.toHaveProperty('otp-secret');
  });
});
