import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { startEmulator } from './server.js';
import type { RunningEmulator } from './types.js';
import { client, createOrganization, doc, type Client, type Json } from './test-support.js';

describe('activity log (/logs)', () => {
  let emulator: RunningEmulator;
  let api: Client;
  beforeAll(async () => {
    emulator = await startEmulator();
    api = client(emulator);
  });
  beforeEach(() => emulator.admin.reset());
  afterAll(() => emulator.stop());

  const entries = async (query = '') =>
    (await api.get(`/logs${query}`)).body.data.map((item: Json) => item.attributes);

  it('records every API create, update and delete', async () => {
    const org = await createOrganization(api, 'Logged');
    await api.patch(`/organizations/${org}`, doc('organizations', { name: 'Logged 2' }));
    const pw = (await api.post('/passwords', doc('passwords', { organization_id: org, name: 'P' }))).body.data
      .id;
    await api.delete(`/passwords/${pw}`);
    const logs = await entries();
    expect(logs.map((log: Json) => `${log.action} ${log['resource-type']} ${log['resource-name']}`)).toEqual([
      'create Organization Logged',
      'update Organization Logged 2',
      'create Password P',
      'delete Password P',
    ]);
    expect(logs[0]).toMatchObject({ 'organization-id': org, level: 2, 'user-id': null, 'account-id': 1 });
    expect(logs[0]['created-at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('records admin mutate and remove as a person (user-id set)', async () => {
    const org = await createOrganization(api, 'Person');
    await emulator.admin.mutate('organizations', org, { name: 'Changed in UI' });
    await emulator.admin.remove('organizations', org);
    const logs = await entries();
    expect(logs.slice(1).map((log: Json) => [log.action, log['user-id']])).toEqual([
      ['update', 1],
      ['delete', 1],
    ]);
    // The web user is geolocated like the docs' example; a loopback API caller is not.
    expect(logs[1]).toMatchObject({
      'ip-address': '203.0.113.10',
      'ip-city': 'San Diego',
      'ip-region': 'CA',
    });
    expect(logs[0]).toMatchObject({ 'ip-address': '127.0.0.1', 'ip-city': null });
  });

  it('filters created_at within a week, sorts and refuses longer ranges', async () => {
    await createOrganization(api, 'A');
    await createOrganization(api, 'B');
    const start = new Date(Date.now() - 60_000).toISOString();
    expect(await entries(`?filter[created_at]=${start},*`)).toHaveLength(2);
    const sorted = await entries('?sort=-created_at');
    expect(sorted[0]['resource-name']).toBe('B');
    const long = await api.get(
      `/logs?filter[created_at]=${new Date(Date.now() - 8 * 86_400_000).toISOString()},*`,
    );
    expect(long.status).toBe(422);
  });

  it('answers at most 5 pages', async () => {
    for (let n = 0; n < 7; n++) await createOrganization(api, `Org ${n}`);
    const first = await api.get('/logs?page[size]=1');
    expect(first.body.meta['total-pages']).toBe(5);
    const fifth = await api.get('/logs?page[size]=1&page[number]=5');
    expect(fifth.status).toBe(200);
    expect(fifth.body.meta['next-page']).toBeNull();
    expect((await api.get('/logs?page[size]=1&page[number]=6')).status).toBe(422);
  });

  it('is read-only', async () => {
    expect((await api.post('/logs', doc('logs', {}))).status).toBe(404);
  });
});
