/**
 * Document sections in the full-text index (never in the cache): their text is found after the
 * client writes them and after `refresh({ sections: true })`, against the emulator over real HTTP;
 * an updated or deleted section is re-indexed, a deleted document takes its sections' text along,
 * and no section body ever reaches the cache's keyv values.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import sqlite3 from 'sqlite3';
import { startCacheHarness, type CacheHarness } from '../cache/__fixtures__/cache-harness.js';
import { followWrites } from '../cache/follow-writes.js';
import type { MetadataCache } from '../cache/metadata-cache.js';

async function kvValues(file: string): Promise<string> {
  const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
  try {
    const rows = await new Promise<Array<{ key: string; value: string }>>((resolve, reject) =>
      db.all(`SELECT key, value FROM kv`, (error, found: Array<{ key: string; value: string }>) =>
        error ? reject(error) : resolve(found),
      ),
    );
    expect(rows.some((row) => row.key.startsWith('cache-documents:'))).toBe(true);
    return rows.map((row) => row.value).join('\n');
  } finally {
    db.close();
  }
}

describe('sections written through the client', () => {
  let h: CacheHarness;
  let cache: MetadataCache;
  let org: string;
  beforeAll(async () => {
    h = await startCacheHarness();
    cache = await h.openCache();
    followWrites(h.client, cache);
    org = (await h.client.organizations.create({ name: 'Plonkwell Ltd' })).id;
  });
  afterAll(async () => h.close());

  test('are found on their document, with the section snippet; bodies stay out of the cache values', async () => {
    const doc = await h.client.documents.create({ organizationId: org, name: 'Server room runbook' });
    await h.client.documents.sections.create(doc.id, {
      resourceType: 'Document::Heading',
      content: 'Cooling',
      level: 2,
    });
    await h.client.documents.sections.create(doc.id, {
      resourceType: 'Document::Text',
      content: '<p>Reset the <b>frobnitzer</b> valve &amp; check\u202e the drain</p>',
    });
    await h.client.documents.publish(doc.id);

    const found = await cache.fullTextSearch('frobnitzer');
    expect(found.hits).toHaveLength(1);
    expect(found.hits[0]).toMatchObject({
      type: 'documents',
      id: doc.id,
      name: 'Server room runbook',
      organizationName: 'Plonkwell Ltd',
    });
    expect(found.hits[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(found.hits[0]!.snippet).toContain('Reset the frobnitzer valve & check the drain');
    const [[start, end]] = found.hits[0]!.highlights as [[number, number]];
    expect(found.hits[0]!.snippet.slice(start, end)).toBe('frobnitzer');
    expect((await cache.fullTextSearch('sections:cooling')).hits.map((hit) => hit.id)).toEqual([doc.id]);

    const values = await kvValues(cache.file);
    expect(values).toContain('Server room runbook');
    expect(values).not.toContain('frobnitzer');
    expect(values).not.toContain('Cooling');
  });

  test('an updated section is re-indexed, a deleted one and a deleted document lose their text', async () => {
    const doc = await h.client.documents.create({ organizationId: org, name: 'Backup runbook' });
    const text = await h.client.documents.sections.create(doc.id, {
      resourceType: 'Document::Text',
      content: 'rotate the quazzle tapes',
    });
    const other = await h.client.documents.sections.create(doc.id, {
      resourceType: 'Document::Text',
      content: 'call the snorrigan vendor',
    });
    expect((await cache.fullTextSearch('quazzle')).hits.map((hit) => hit.id)).toEqual([doc.id]);

    await h.client.documents.sections.update(doc.id, text.id, { content: 'rotate the blimpwort tapes' });
    expect((await cache.fullTextSearch('quazzle')).hits).toEqual([]);
    expect((await cache.fullTextSearch('blimpwort')).hits.map((hit) => hit.id)).toEqual([doc.id]);

    await h.client.documents.sections.delete(doc.id, other.id);
    expect((await cache.fullTextSearch('snorrigan')).hits).toEqual([]);
    expect((await cache.fullTextSearch('blimpwort')).hits).toHaveLength(1);

    // Renaming the document keeps its sections' text.
    await h.client.documents.update(doc.id, { name: 'Tape runbook' });
    expect((await cache.fullTextSearch('blimpwort')).hits.map((hit) => hit.name)).toEqual(['Tape runbook']);

    const before = await cache.rebuildSearchIndex().then(() => cache.fullTextSearch('blimpwort'));
    expect(before.hits).toHaveLength(1); // a rebuild from the cache keeps what it cannot re-derive
    await h.client.documents.bulkDelete([doc.id]);
    expect((await cache.fullTextSearch('blimpwort')).hits).toEqual([]);
    const bytes = await kvValues(cache.file);
    expect(bytes).not.toContain('blimpwort');
  });
});

describe('refresh({ sections: true })', () => {
  let h: CacheHarness;
  beforeAll(async () => {
    h = await startCacheHarness();
  });
  afterAll(async () => h.close());

  test('reads each document’s sections (one request each) and indexes their text; gone sections go', async () => {
    // Written by someone else (nothing follows this client's writes): only a refresh learns of them.
    const org = (await h.client.organizations.create({ name: 'Wibbleton' })).id;
    const docs = [];
    for (const name of ['Door policy', 'Printer guide', 'Empty page']) {
      docs.push(await h.client.documents.create({ organizationId: org, name }));
    }
    await h.client.documents.sections.create(docs[0]!.id, {
      resourceType: 'Document::Text',
      content: 'badge readers by the gorplesnatch door',
    });
    const gone = await h.client.documents.sections.create(docs[1]!.id, {
      resourceType: 'Document::Step',
      content: '<ol><li>Open the zibberflap tray</li></ol>',
    });

    await h.cache.refresh();
    expect((await h.cache.fullTextSearch('gorplesnatch')).hits).toEqual([]); // sections are opt-in

    const before = h.requests();
    const reports = await h.cache.refresh({ types: ['documents'], sections: true });
    const sectionRequests = h.requests() - before - 2; // the documents' own listing: organizations + 1 org
    expect(reports.map((report) => report.type)).toEqual(['documents']);
    expect(reports[0]!.sections).toMatchObject({ documents: 3, sections: 2, missing: 0 });
    expect(sectionRequests).toBe(3);
    expect((await h.cache.fullTextSearch('gorplesnatch')).hits.map((hit) => hit.name)).toEqual([
      'Door policy',
    ]);
    expect((await h.cache.fullTextSearch('zibberflap')).hits.map((hit) => hit.id)).toEqual([docs[1]!.id]);

    await h.client.documents.sections.delete(docs[1]!.id, gone.id);
    expect((await h.cache.fullTextSearch('zibberflap')).hits).toHaveLength(1); // not followed: stale
    await h.cache.refreshSections();
    expect((await h.cache.fullTextSearch('zibberflap')).hits).toEqual([]);
    expect(await kvValues(h.cache.file)).not.toContain('gorplesnatch');
  });
});
