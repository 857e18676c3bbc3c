import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { startEmulator } from './server.js';
import type { RunningEmulator } from './types.js';
import { KEY, client, createOrganization, doc, lookup, type Client } from './test-support.js';

const file = (content: string, fileName: string) => ({
  data: { type: 'attachments', attributes: { attachment: { content, file_name: fileName } } },
});

describe('attachments and related items', () => {
  let emulator: RunningEmulator;
  let api: Client;
  let org: number;
  let cfg: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    api = client(emulator);
  });
  beforeEach(async () => {
    await emulator.admin.reset();
    org = await createOrganization(api, 'Files Co');
    const type = await lookup(api, 'configuration_types', 'Printer');
    cfg = (
      await api.post(
        '/configurations',
        doc('configurations', { organization_id: org, name: 'PRN', configuration_type_id: type }),
      )
    ).body.data.id;
  });
  afterAll(() => emulator.stop());

  const base = () => `/configurations/${cfg}/relationships/attachments`;
  const hello = Buffer.from('hello, printer').toString('base64');

  it('uploads strict base64 and serves it back through download-url (API key required)', async () => {
    const answer = await api.post(base(), file(hello, 'notes.txt'));
    expect(answer.status).toBe(201);
    expect(answer.body.data.attributes).toMatchObject({
      name: 'notes.txt',
      'attachment-file-name': 'notes.txt',
      'attachment-content-type': 'text/plain',
      'attachment-file-size': 14,
      ext: 'txt',
      viewable: true,
    });
    // Attachments are read through their owner: the docs' attachment objects do not name it.
    expect(answer.body.data.attributes).not.toHaveProperty('resource-type');
    const url: string = answer.body.data.attributes['download-url'];
    expect(url.startsWith(emulator.url)).toBe(true);
    expect((await fetch(url)).status).toBe(401);
    const download = await fetch(url, { headers: { 'x-api-key': KEY } });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('hello, printer');
  });

  it('rejects base64 that is not strict (line breaks, missing padding, bad characters)', async () => {
    for (const content of [`${hello.slice(0, 8)}\n${hello.slice(8)}`, 'aGVsbG8', 'aGVs*G8=']) {
      const answer = await api.post(base(), file(content, 'x.txt'));
      expect(answer.status).toBe(422);
      expect(answer.body.errors[0].source.pointer).toBe('/data/attributes/attachment/content');
    }
  });

  it('accepts an array of files, lists them on the route and through include=attachments', async () => {
    const answer = await api.post(base(), { data: [file(hello, 'a.png').data, file(hello, 'b.pdf').data] });
    expect(answer.status).toBe(201);
    expect(answer.body.data).toHaveLength(2);
    expect((await api.get(base())).body.data).toHaveLength(2);
    const shown = await api.get(`/configurations/${cfg}?include=attachments`);
    expect(shown.body.data.relationships.attachments.data).toHaveLength(2);
    expect(shown.body.included.map((item: { type: string }) => item.type)).toEqual([
      'attachments',
      'attachments',
    ]);
    const listed = await api.get(`/configurations?include=attachments`);
    expect(listed.body.included).toHaveLength(2);
    expect(shown.text).not.toContain(hello);
  });

  it('renames with PATCH and bulk-deletes', async () => {
    const id = (await api.post(base(), file(hello, 'old.txt'))).body.data.id;
    const renamed = await api.patch(`${base()}/${id}`, doc('attachments', { name: 'new.txt' }));
    expect(renamed.status).toBe(200);
    expect(renamed.body.data.attributes).toMatchObject({
      name: 'new.txt',
      'attachment-file-name': 'old.txt',
    });
    const deleted = await api.delete(base(), { data: [{ type: 'attachments', attributes: { id } }] });
    expect(deleted.status).toBe(200);
    expect((await api.get(base())).body.data).toEqual([]);
  });

  it("renames with the id in data.attributes too (the docs' parameter table), refusing another id", async () => {
    const id = (await api.post(base(), file(hello, 'old.pdf'))).body.data.id;
    const renamed = await api.patch(
      `${base()}/${id}`,
      doc('attachments', { id: Number(id), name: 'guide.pdf' }),
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body.data.attributes).toMatchObject({ name: 'guide.pdf', ext: 'pdf', viewable: false });
    const other = await api.patch(
      `${base()}/${id}`,
      doc('attachments', { id: Number(id) + 1000, name: 'x' }),
    );
    expect(other.status).toBe(422);
    expect(other.body.errors[0].source.pointer).toBe('/data/attributes/id');
  });

  it('side-loads with include=attachments on the show of every attachable type', async () => {
    const owners: Record<string, string> = { configurations: cfg };
    const create = async (route: string, attributes: Record<string, unknown>) =>
      String((await api.post(route, doc(route.split('/').pop() ?? '', attributes))).body.data.id);
    owners.contacts = await create('/contacts', { organization_id: org, first_name: 'Ann' });
    owners.locations = await create('/locations', { organization_id: org, name: 'HQ' });
    owners.passwords = await create('/passwords', { organization_id: org, name: 'p' });
    owners.documents = await create(`/organizations/${org}/relationships/documents`, { name: 'Doc' });
    await emulator.admin.seed({ organizations: 1, perOrganization: 1 });
    const asset = (await emulator.admin.dump())['flexible-assets']?.[0];
    if (!asset) throw new Error('the seed made no flexible asset');
    owners.flexible_assets = asset.id;
    for (const [route, id] of Object.entries(owners)) {
      expect(
        (await api.post(`/${route}/${id}/relationships/attachments`, file(hello, `${route}.txt`))).status,
      ).toBe(201);
      const shown = await api.get(`/${route}/${id}?include=attachments`);
      expect([route, shown.body.data.relationships.attachments.data.length]).toEqual([route, 1]);
      expect(
        shown.body.included.find((item: { type: string }) => item.type === 'attachments').attributes,
      ).toMatchObject({
        name: `${route}.txt`,
        ext: 'txt',
      });
    }
  });

  it('exists on every attachable type and not on others', async () => {
    const pw = (await api.post('/passwords', doc('passwords', { organization_id: org, name: 'p' }))).body.data
      .id;
    expect((await api.post(`/passwords/${pw}/relationships/attachments`, file(hello, 'a.txt'))).status).toBe(
      201,
    );
    expect(
      (await api.post(`/organizations/${org}/relationships/attachments`, file(hello, 'a.txt'))).status,
    ).toBe(404);
    expect(
      (await api.post(`/configurations/999999/relationships/attachments`, file(hello, 'a.txt'))).status,
    ).toBe(404);
  });

  it('goes away with its record', async () => {
    await api.post(base(), file(hello, 'a.txt'));
    await api.delete('/configurations', { data: [{ type: 'configurations', attributes: { id: cfg } }] });
    expect((await emulator.admin.dump()).attachments).toEqual([]);
  });

  it('relates items (single or array), edits notes only, reads them via include and bulk-deletes', async () => {
    const pw = (
      await api.post('/passwords', doc('passwords', { organization_id: org, name: 'Printer admin' }))
    ).body.data.id;
    const route = `/configurations/${cfg}/relationships/related_items`;
    const one = await api.post(
      route,
      doc('related_items', { destination_id: pw, destination_type: 'Password', notes: 'login' }),
    );
    expect(one.status).toBe(201);
    expect(one.body.data.attributes).toMatchObject({
      'destination-id': pw,
      'destination-type': 'Password',
      'destination-name': 'Printer admin',
      notes: 'login',
    });
    const many = await api.post(route, {
      data: [
        {
          type: 'related_items',
          attributes: { destination_id: String(org), destination_type: 'Organization' },
        },
      ],
    });
    expect(many.status).toBe(201);
    const id = one.body.data.id;
    const patched = await api.patch(
      `${route}/${id}`,
      doc('related_items', { notes: 'changed', destination_id: '1' }),
    );
    expect(patched.body.data.attributes).toMatchObject({ notes: 'changed', 'destination-id': pw });
    const shown = await api.get(`/configurations/${cfg}?include=related_items`);
    expect(shown.body.data.relationships['related-items'].data).toHaveLength(2);
    expect(
      (
        await api.post(
          route,
          doc('related_items', { destination_id: '999999', destination_type: 'Password' }),
        )
      ).status,
    ).toBe(422);
    expect(
      (await api.post(route, doc('related_items', { destination_id: pw, destination_type: 'Spaceship' })))
        .status,
    ).toBe(422);
    // Display names of types the emulator does not serve are taken on trust (the docs' own example).
    const ssl = await api.post(
      route,
      doc('related_items', { destination_id: '1', destination_type: 'SSL Certificate', via_copilot: true }),
    );
    expect(ssl.status).toBe(201);
    expect(ssl.body.data.attributes).toMatchObject({
      'destination-type': 'SSL Certificate',
      'destination-name': null,
    });
    const deleted = await api.delete(route, { data: [{ type: 'related_items', attributes: { id } }] });
    expect(deleted.status).toBe(200);
  });
});
