import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { startEmulator } from './server.js';
import type { RunningEmulator } from './types.js';
import { client, createOrganization, doc, type Client } from './test-support.js';

describe('documents, sections and publish', () => {
  let emulator: RunningEmulator;
  let api: Client;
  let org: number;
  beforeAll(async () => {
    emulator = await startEmulator();
    api = client(emulator);
  });
  beforeEach(async () => {
    await emulator.admin.reset();
    org = await createOrganization(api, 'Docs Co');
  });
  afterAll(() => emulator.stop());

  const createDocument = (attributes: Record<string, unknown> = {}) =>
    api.post(
      `/organizations/${org}/relationships/documents`,
      doc('documents', { name: 'Runbook', ...attributes }),
    );

  it('creates on both routes and lists root-level documents on the nested route', async () => {
    expect((await createDocument()).status).toBe(201);
    expect(
      (
        await api.post(
          '/documents',
          doc('documents', { organization_id: org, name: 'Flat', document_folder_id: 7 }),
        )
      ).status,
    ).toBe(201);
    const root = await api.get(`/organizations/${org}/relationships/documents`);
    expect(root.body.data.map((item: { attributes: { name: string } }) => item.attributes.name)).toEqual([
      'Runbook',
    ]);
    expect(
      (await api.get(`/organizations/${org}/relationships/documents?filter[document_folder_id]=7`)).body.data,
    ).toHaveLength(1);
    expect(
      (await api.get(`/organizations/${org}/relationships/documents?filter[document_folder_id]=null`)).body
        .data,
    ).toHaveLength(2);
    expect((await api.get('/documents')).status).toBe(404);
  });

  it('manages sections on the nested route and returns them with the document', async () => {
    const id = (await createDocument()).body.data.id;
    const base = `/documents/${id}/relationships/sections`;
    const heading = await api.post(
      base,
      doc('document-sections', { resource_type: 'Document::Heading', content: 'Intro', level: 2 }),
    );
    expect(heading.status).toBe(201);
    expect(heading.body.data.type).toBe('document-sections');
    const text = await api.post(
      base,
      doc('document-sections', { resource_type: 'Document::Text', content: '<p>Hi</p>' }),
    );
    expect((await api.get(base)).body.data).toHaveLength(2);
    const sectionId = text.body.data.id;
    expect(
      (await api.patch(`${base}/${sectionId}`, doc('document-sections', { content: '<p>Bye</p>' }))).body.data
        .attributes.content,
    ).toBe('<p>Bye</p>');
    const shown = await api.get(`/documents/${id}`);
    expect(shown.body.data.relationships.sections.data).toHaveLength(2);
    expect(shown.body.included.map((item: { attributes: { sort: number } }) => item.attributes.sort)).toEqual(
      [1, 2],
    );
    expect((await api.delete(`${base}/${sectionId}`)).status).toBe(204);
    expect(
      (await api.post(base, doc('document-sections', { resource_type: 'Document::Video' }))).status,
    ).toBe(422);
  });

  it('answers 400 when a section carries relationships.resource', async () => {
    const id = (await createDocument()).body.data.id;
    const answer = await api.post(
      `/documents/${id}/relationships/sections`,
      doc(
        'document-sections',
        { resource_type: 'Document::Text', content: 'x' },
        { relationships: { resource: { data: { type: 'documents', id } } } },
      ),
    );
    expect(answer.status).toBe(400);
  });

  it('publishes with PATCH (also nested); POST publish is an HTML 404', async () => {
    const id = (await createDocument()).body.data.id;
    expect((await api.post(`/documents/${id}/publish`)).status).toBe(404);
    const published = await api.patch(`/documents/${id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.data.attributes.published).toBe(true);
    expect((await api.patch(`/organizations/${org}/relationships/documents/${id}/publish`)).status).toBe(200);
  });

  it('updates metadata (also in bulk) and bulk-deletes on both routes', async () => {
    const a = (await createDocument({ name: 'A' })).body.data.id;
    const b = (await createDocument({ name: 'B' })).body.data.id;
    expect(
      (await api.patch(`/documents/${a}`, doc('documents', { restricted: true }))).body.data.attributes
        .restricted,
    ).toBe(true);
    expect(
      (
        await api.patch(
          `/organizations/${org}/relationships/documents/${a}`,
          doc('documents', { name: 'A2' }),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await api.patch('/documents', {
          data: [{ type: 'documents', attributes: { id: b, archived: true } }],
        })
      ).status,
    ).toBe(200);
    expect(
      (await api.delete('/documents', { data: [{ type: 'documents', attributes: { id: a } }] })).status,
    ).toBe(200);
    expect(
      (
        await api.delete(`/organizations/${org}/relationships/documents`, {
          data: [{ type: 'documents', attributes: { id: b } }],
        })
      ).status,
    ).toBe(200);
    expect(
      (await api.get(`/organizations/${org}/relationships/documents?filter[document_folder_id]=null`)).body
        .data,
    ).toEqual([]);
  });
});
