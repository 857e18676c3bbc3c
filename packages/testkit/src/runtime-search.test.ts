/**
 * `runtime.search()` (core's full-text index, docs/search.md) through a real pipeline run: what a step
 * writes is findable at once, without a refresh — its Password-kind trait never — and an update
 * re-indexes. A search makes no IT Glue request.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { definePlugin } from '@glueflow/core';
import { z } from 'zod';
import { createTestEngine } from './index.js';
import type { TestEngine } from './index.js';

const DOOR_CODE = 'Doorcodevalue4471';

const doorPlugin = definePlugin({
  name: 'glueflow-plugin-test-search-doors',
  options: z.object({}).strict(),
  apply(host) {
    host.registerStep('doors.sync', {
      description: 'one Door Access asset with a Password-kind field',
      options: z.object({ code: z.string(), notes: z.string() }),
      async run(ctx, options) {
        const org = await ctx.resolveOrganization({ kind: 'name', value: 'Acme' });
        if (!org) throw new Error('no Acme');
        const type = await ctx.itglue.ensureFlexibleAssetType({
          name: 'Door Access',
          fields: [
            { name: 'Door', kind: 'Text', useForTitle: true, showInList: true, required: true },
            { name: 'Door Code', kind: 'Password' },
            { name: 'Notes', kind: 'Textbox' },
          ],
        });
        await ctx.itglue.upsert({
          sourceKey: 'door:front',
          resourceType: 'flexible_assets',
          organizationId: org.id,
          flexibleAssetTypeId: type.id,
          naturalKey: { name: 'Front door' },
          attributes: { traits: { door: 'Front door', 'door-code': options.code, notes: options.notes } },
        });
      },
    });
  },
});

const runbookPlugin = definePlugin({
  name: 'glueflow-plugin-test-search-runbook',
  options: z.object({}).strict(),
  apply(host) {
    host.registerStep('runbook.sync', {
      description: 'one document with sections, as a markdown import writes it',
      options: z.object({ step: z.string() }),
      async run(ctx, options) {
        const org = await ctx.resolveOrganization({ kind: 'name', value: 'Acme' });
        if (!org) throw new Error('no Acme');
        await ctx.itglue.upsertDocument({
          sourceKey: 'runbook:restore',
          organizationId: org.id,
          name: 'Restore runbook',
          sections: [
            { kind: 'Heading', content: 'Before you start', level: 2 },
            { kind: 'Text', content: `<p>${options.step}</p>` },
          ],
        });
      },
    });
  },
});

let t: TestEngine;
beforeAll(async () => {
  t = await createTestEngine({ plugins: [doorPlugin, runbookPlugin] });
  await t.client.organizations.create({ name: 'Acme' });
});
afterAll(async () => t.close());

async function search(query: string) {
  const before = t.admin.stats().requests.total;
  const result = await t.runtime.search(query);
  expect(t.admin.stats().requests.total - before).toBe(0); // the emulator saw nothing
  return result;
}

it('a record a pipeline run wrote is findable without a refresh; an update re-indexes; the Password-kind trait never', async () => {
  expect((await search('gronkleberry')).hits).toEqual([]);
  const run = await t.runStep('doors.sync', {
    code: DOOR_CODE,
    notes: 'key box behind the gronkleberry bush',
  });
  expect(run.counts.created).toBe(1);
  const [hit] = (await search('gronkleberry')).hits;
  expect(hit).toMatchObject({ type: 'flexible-assets', name: 'Front door', organizationName: 'Acme' });
  expect(hit!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  expect((await search(DOOR_CODE)).hits).toEqual([]);

  await new Promise((resolve) => setTimeout(resolve, 1100)); // updated-at has second precision
  const updated = await t.runStep('doors.sync', {
    code: DOOR_CODE,
    notes: 'key box moved to the snorkelwood shed',
  });
  expect(updated.counts.updated).toBe(1);
  expect((await search('gronkleberry')).hits).toEqual([]);
  expect((await search('snorkelwood')).hits.map((h) => h.name)).toEqual(['Front door']);
  expect((await search(DOOR_CODE)).hits).toEqual([]);
});

it('a malformed query is ESEARCH_QUERY', async () => {
  await expect(t.runtime.search('wifi AND')).rejects.toMatchObject({ code: 'ESEARCH_QUERY' });
});

it('a document a pipeline step wrote is found by its sections’ text; a changed section re-indexes', async () => {
  expect((await search('wizzlecrank')).hits).toEqual([]);
  const run = await t.runStep('runbook.sync', { step: 'Mount the <b>wizzlecrank</b> share first' });
  expect(run.counts.created).toBe(1);
  const [hit] = (await search('wizzlecrank')).hits;
  expect(hit).toMatchObject({ type: 'documents', name: 'Restore runbook', organizationName: 'Acme' });
  expect(hit!.snippet).toContain('Mount the wizzlecrank share first');

  await new Promise((resolve) => setTimeout(resolve, 1100)); // updated-at has second precision
  await t.runStep('runbook.sync', { step: 'Mount the plovertine share first' });
  expect((await search('wizzlecrank')).hits).toEqual([]);
  expect((await search('plovertine')).hits.map((h) => h.id)).toEqual([hit!.id]);
});
