/** Documents (+ sections, publish, createFromFile), attachments (upload, limits, streamed download), related items, logs. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isGlueflowError } from './errors/index.js';
import { collect, startHarness } from './__fixtures__/harness.js';
import type { Harness } from './__fixtures__/harness.js';
import { startTinyServer } from './__fixtures__/tiny-server.js';
import type { ITGlueClient } from './itglue-client.js';
import { maxUploadBytes } from './resources/upload-source.js';

let h: Harness;
let client: ITGlueClient;
let orgId: string;
let configId: string;
let dir: string;
const sent: string[] = [];
beforeAll(async () => {
  h = await startHarness({ generate: { organizations: 1, perOrganization: 2 } });
  client = await h.client({ hooks: { onRequest: (e) => sent.push(`${e.method} ${e.path}`) } });
  const dump = await h.emulator.admin.dump();
  orgId = dump.organizations![0]!.id;
  configId = dump.configurations![0]!.id;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-docs-'));
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('documents', () => {
  it('create, sections (create, update, list, delete), publish, update, list, bulk delete', async () => {
    const doc = await client.documents.create({ organizationId: orgId, name: 'Backup policy' });
    expect(doc).toMatchObject({ name: 'Backup policy', organizationId: orgId, published: false });
    const heading = await client.documents.sections.create(doc.id, {
      resourceType: 'Document::Heading',
      content: 'Scope',
      level: 2,
    });
    const text = await client.documents.sections.create(doc.id, {
      resourceType: 'Document::Text',
      content: '<p>Nightly.</p>',
    });
    await client.documents.sections.update(doc.id, text.id, { content: '<p>Nightly at 02:00.</p>' });
    const sections = await collect(client.documents.sections.list(doc.id));
    expect(sections.map((s) => [s.resourceType, s.content])).toEqual([
      ['Document::Heading', 'Scope'],
      ['Document::Text', '<p>Nightly at 02:00.</p>'],
    ]);
    await client.documents.sections.delete(doc.id, heading.id);
    expect(await client.documents.sections.get(doc.id, heading.id)).toBeNull();
    const published = await client.documents.publish(doc.id);
    expect(published.published).toBe(true);
    expect(sent.at(-1)).toBe(`PATCH /documents/${doc.id}/publish`);
    expect((await client.documents.update(doc.id, { restricted: true })).restricted).toBe(true);
    expect((await collect(client.documents.list(orgId))).map((d) => d.id)).toContain(doc.id);
    expect(await client.documents.bulkDelete([doc.id])).toBe(1);
    expect(await client.documents.get(doc.id)).toBeNull();
  });

  it('createFromFile: the two-step upload in one call, and the file downloads back byte for byte', async () => {
    const file = path.join(dir, 'Network Diagram.pdf');
    const bytes = Buffer.from(Array.from({ length: 50_000 }, (_, i) => i % 251));
    fs.writeFileSync(file, bytes);
    const { document, attachment } = await client.documents.createFromFile(orgId, file);
    expect(document).toMatchObject({ name: 'Network Diagram', isUploaded: true });
    expect(attachment).toMatchObject({
      attachmentFileName: 'Network Diagram.pdf',
      attachmentFileSize: 50_000,
    });
    const listed = await collect(client.attachments.list('documents', document.id));
    expect(listed.map((a) => a.id)).toEqual([attachment.id]);
    const target = path.join(dir, 'out', 'copy.pdf');
    const result = await client.attachments.download(attachment, target);
    expect(result).toEqual({ path: target, bytes: 50_000 });
    expect(fs.readFileSync(target).equals(bytes)).toBe(true);
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
  });
});

describe('attachments', () => {
  it('upload from a Buffer, a stream and a path; rename; bulk delete', async () => {
    const a = await client.attachments.upload('configurations', configId, Buffer.from('hello'), {
      fileName: 'a.txt',
    });
    const b = await client.attachments.upload(
      'configurations',
      configId,
      Readable.from([Buffer.from('str'), Buffer.from('eam')]),
      { fileName: 'b.txt' },
    );
    const file = path.join(dir, 'c.csv');
    fs.writeFileSync(file, 'x,y\n1,2\n');
    const c = await client.attachments.upload('configurations', configId, file);
    expect([a, b, c].map((x) => [x.attachmentFileName, x.attachmentFileSize])).toEqual([
      ['a.txt', 5],
      ['b.txt', 6],
      ['c.csv', 8],
    ]);
    expect((await client.attachments.rename('configurations', configId, a.id, 'renamed.txt')).name).toBe(
      'renamed.txt',
    );
    expect(await client.attachments.bulkDelete('configurations', configId, [a.id, b.id, c.id])).toBe(3);
    expect(await collect(client.attachments.list('configurations', configId))).toEqual([]);
  });

  it('the largest file that fits is sent; one byte more fails before sending, with the size', async () => {
    const fits = Buffer.alloc(maxUploadBytes('big.bin'), 7);
    const uploaded = await client.attachments.upload('configurations', configId, fits, {
      fileName: 'big.bin',
    });
    expect(uploaded.attachmentFileSize).toBe(fits.length);
    sent.length = 0;
    const tooBig = Buffer.alloc(fits.length + 3);
    const fromBuffer = await client.attachments
      .upload('configurations', configId, tooBig, { fileName: 'big.bin' })
      .catch((e: unknown) => e);
    expect(isGlueflowError(fromBuffer, 'EITGLUE_TOO_LARGE')).toBe(true);
    expect((fromBuffer as Error).message).toMatch(
      new RegExp(`big\\.bin, ${tooBig.length} bytes\\) would send 10\\.0 MB`),
    );
    // A path is judged by its size before it is read; a stream as it is read.
    const sparse = path.join(dir, 'huge.iso');
    fs.writeFileSync(sparse, '');
    fs.truncateSync(sparse, 50 * 1024 * 1024);
    const fromPath = await client.attachments
      .upload('configurations', configId, sparse)
      .catch((e: unknown) => e);
    expect((fromPath as Error).message).toMatch(/huge\.iso, 52428800 bytes/);
    const stream = Readable.from(
      (function* () {
        for (let i = 0; i < 20; i++) yield Buffer.alloc(1024 * 1024);
      })(),
    );
    const fromStream = await client.attachments
      .upload('configurations', configId, stream, { fileName: 's.bin' })
      .catch((e: unknown) => e);
    expect((fromStream as Error).message).toMatch(/s\.bin, at least \d+ bytes/);
    expect(sent).toEqual([]);
  });

  it('downloads follow redirects but never send the API key to another host', async () => {
    const storage = await startTinyServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.from('signed-bytes'));
    });
    const api = await startTinyServer((_req, res) => {
      res.writeHead(302, { location: `${storage.url}/bucket/file.bin?X-Amz-Signature=abc` });
      res.end();
    });
    const viaApi = await h.client({ url: api.url });
    const target = path.join(dir, 'redirected.bin');
    await viaApi.attachments.download(`${api.url}/attachments/9/download`, target);
    expect(fs.readFileSync(target, 'utf8')).toBe('signed-bytes');
    expect(api.requests[0]!.headers['x-api-key']).toBe('ITG.emulator');
    expect(storage.requests[0]!.headers['x-api-key']).toBeUndefined();
    await Promise.all([storage.close(), api.close()]);
  });
});

describe('related items', () => {
  it('create, read back through include (no duplicates on re-run), update notes, bulk delete', async () => {
    const password = await client.passwords.create({ organizationId: orgId, name: 'iDRAC' });
    const item = await client.relatedItems.create('configurations', configId, {
      destinationId: password.id,
      destinationType: 'Password',
      notes: 'out-of-band',
    });
    expect(item).toMatchObject({
      destinationId: password.id,
      destinationType: 'Password',
      notes: 'out-of-band',
    });
    const existing = await client.relatedItems.list('configurations', configId);
    expect(existing.map((r) => r.id)).toEqual([item.id]);
    expect((await client.relatedItems.update('configurations', configId, item.id, 'changed')).notes).toBe(
      'changed',
    );
    expect(await client.relatedItems.bulkDelete('configurations', configId, [item.id])).toBe(1);
    expect(await client.relatedItems.list('configurations', configId)).toEqual([]);
  });
});

describe('logs', () => {
  const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));

  it('lists the activity log oldest first, sliding past the 5-page cap without repeats', async () => {
    await nextSecond();
    const since = new Date();
    // Three seconds of four changes each; pages of 2 → 10 records per query, so one slide is needed.
    for (let batch = 0; batch < 3; batch++) {
      for (let i = 0; i < 4; i++) await client.organizations.create({ name: `Logged ${batch * 4 + i}` });
      if (batch < 2) await nextSecond();
    }
    sent.length = 0;
    const all = await collect(client.logs.list({ since, pageSize: 2 }));
    const created = all.filter((log) => log.action === 'create' && log.resourceType === 'Organization');
    expect(created.map((log) => log.resourceName)).toEqual(
      Array.from({ length: 12 }, (_, i) => `Logged ${i}`),
    );
    expect(new Set(all.map((log) => log.id)).size).toBe(all.length);
    expect(sent.length).toBeGreaterThan(5);
    expect(sent.every((p) => p.includes('filter[created_at]=') && p.includes('sort=created_at'))).toBe(true);
  });
});
