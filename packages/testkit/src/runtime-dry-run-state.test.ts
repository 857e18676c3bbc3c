/**
 * A dry run leaves the state store as it found it — decided in one place (core's dry-run-state.ts),
 * not by a check beside every write: a plugin's mappings, watermarks and bookmarks written in a dry
 * run are seen by the rest of that dry run and forgotten after it. `adopt` in a dry run plans the
 * update of the adopted record, as the real run will do it.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { definePlugin } from '@glueflow/core';
import { z } from 'zod';
import { createTestEngine } from './index.js';
import type { TestEngine } from './index.js';

const PLUGIN = 'glueflow-plugin-test-state';
const seen: Record<string, unknown> = {};

const statePlugin = definePlugin({
  name: PLUGIN,
  options: z.object({}).strict(),
  apply(host) {
    host.registerStep('state.touch', {
      description: 'writes a bookmark, a watermark and adopts an organization under another name',
      options: z.object({ organizationId: z.string(), name: z.string() }),
      async run(ctx, options) {
        await ctx.state.bookmarks.set('cursor', { page: 7 });
        await ctx.state.watermarks.set('companies', { at: '2026-12-01T00:00:00Z', seenIds: ['7'] });
        // A record found by something its name cannot show (a PSA id): adopt it, then write it.
        await ctx.itglue.adopt('psa:42', { resourceType: 'organizations', id: options.organizationId });
        seen.cursor = await ctx.state.bookmarks.get('cursor');
        seen.mapping = await ctx.state.mappings.get('psa:42');
        await ctx.forEachItem(
          [options],
          () => 'psa:42',
          async () => {
            await ctx.itglue.upsert({
              sourceKey: 'psa:42',
              resourceType: 'organizations',
              naturalKey: { name: options.name },
              attributes: { name: options.name },
            });
          },
        );
      },
    });
  },
});

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('a dry run and the state store', () => {
  it('writes stay in the dry run; the real run then does exactly what the dry run planned', async () => {
    const engine = (t = await createTestEngine({ plugins: [statePlugin] }));
    const org = await engine.client.organizations.create({ name: 'Acme Old Name' });
    const options = { organizationId: org.id, name: 'Acme Corp' };

    const dry = await engine.runStep('state.touch', options, { dryRun: true });
    // Within the dry run, its own writes are read back …
    expect(seen.cursor).toEqual({ page: 7 });
    expect(seen.mapping).toMatchObject({ resourceType: 'organizations', id: org.id });
    // … and the adopted record is planned as an update (a rename), not a second organization.
    expect(dry.counts).toMatchObject({ created: 0, updated: 1 });
    expect(engine.plan.map((e) => [e.action, e.recordId])).toEqual([['update', org.id]]);
    // … but none of it reached the store.
    const state = engine.runtime.state.forPlugin(PLUGIN);
    expect(await state.bookmarks.get('cursor')).toBeUndefined();
    expect(await state.watermarks.get('companies')).toBeUndefined();
    expect(await state.mappings.get('psa:42')).toBeUndefined();
    expect((await engine.client.organizations.get(org.id))?.name).toBe('Acme Old Name');

    const real = await engine.runStep('state.touch', options);
    expect(real.counts).toMatchObject({ created: 0, updated: 1 });
    expect(await state.bookmarks.get('cursor')).toEqual({ page: 7 });
    expect(await state.mappings.get('psa:42')).toMatchObject({ id: org.id });
    expect((await engine.client.organizations.get(org.id))?.name).toBe('Acme Corp');
  });
});
