import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startEmulator } from './server.js';
import type { RunningEmulator } from './types.js';
import { client, createOrganization, type Client } from './test-support.js';

describe('pagination', () => {
  let emulator: RunningEmulator;
  let api: Client;
  let orgId: number;
  beforeAll(async () => {
    emulator = await startEmulator();
    api = client(emulator);
    orgId = await createOrganization(api, 'Paged');
    const typeId = (await api.get('/configuration_types?filter[name]=Printer')).body.data[0].id;
    await emulator.admin.insert(
      'configurations',
      Array.from({ length: 1205 }, (_, n) => ({
        organization_id: orgId,
        name: `cfg-${n}`,
        configuration_type_id: typeId,
      })),
    );
  });
  afterAll(() => emulator.stop());

  it('defaults to 50 per page with meta and absolute links', async () => {
    const answer = await api.get('/configurations');
    expect(answer.body.data).toHaveLength(50);
    expect(answer.body.meta).toEqual({
      'current-page': 1,
      'next-page': 2,
      'prev-page': null,
      'total-pages': 25,
      'total-count': 1205,
      filters: {},
    });
    expect(answer.body.links.self).toMatch(new RegExp(`^${emulator.url}/configurations\\?`));
    expect(answer.body.links.next).toContain('page%5Bnumber%5D=2');
    expect(answer.body.links.last).toContain('page%5Bnumber%5D=25');
    expect(answer.body.links.prev).toBeUndefined();
  });

  it('pages with page[number] and page[size], keeping other parameters in links', async () => {
    const answer = await api.get(
      `/configurations?filter[organization_id]=${orgId}&page[number]=3&page[size]=100&sort=id`,
    );
    expect(answer.body.data).toHaveLength(100);
    expect(answer.body.data[0].attributes.name).toBe('cfg-200');
    expect(answer.body.meta).toMatchObject({
      'current-page': 3,
      'next-page': 4,
      'prev-page': 2,
      'total-pages': 13,
    });
    expect(answer.body.meta.filters).toEqual({ organization_id: String(orgId) });
    const next = new URL(answer.body.links.next);
    expect(next.searchParams.get('filter[organization_id]')).toBe(String(orgId));
    expect(next.searchParams.get('sort')).toBe('id');
    expect(next.searchParams.get('page[size]')).toBe('100');
    const followed = await api.get(next.pathname + next.search);
    expect(followed.body.data[0].attributes.name).toBe('cfg-300');
  });

  it('caps page[size] at 1000', async () => {
    const answer = await api.get('/configurations?page[size]=5000');
    expect(answer.body.data).toHaveLength(1000);
    expect(answer.body.meta['total-pages']).toBe(2);
    const last = await api.get('/configurations?page[size]=1000&page[number]=2');
    expect(last.body.data).toHaveLength(205);
    expect(last.body.meta['next-page']).toBeNull();
    expect(last.body.links.next).toBeUndefined();
  });

  it('answers an empty page past the end', async () => {
    const answer = await api.get('/configurations?page[number]=99');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual([]);
    expect(answer.body.meta['total-count']).toBe(1205);
  });

  it('pages nested routes too', async () => {
    const answer = await api.get(
      `/organizations/${orgId}/relationships/configurations?page[size]=10&page[number]=2`,
    );
    expect(answer.body.data).toHaveLength(10);
    expect(answer.body.meta['total-count']).toBe(1205);
  });
});
