/**
 * Records deleted in IT Glue (by a person, in the web UI) after glueflow wrote them: a mapping whose
 * content hash still matches must not say "unchanged" forever. The record is re-created once (counted
 * `recreated`), a plan shows the create with its reason, `onDeleted: report` leaves it deleted with a
 * warning — and an unchanged run still costs no write and no read per item, only a listing per scope.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { definePlugin, onDeletedOption } from '@glueflow/core';
import { z } from 'zod';
import { createTestEngine } from './index.js';
import type { TestEngine } from './index.js';
import { orgPlugin } from './__fixtures__/org-plugin.js';

/** Like orgs.sync, with the `onDeleted` option bundled steps offer. */
const choosingPlugin = definePlugin({
  name: 'glueflow-plugin-test-ondeleted',
  options: z.object({}).strict(),
  apply(host) {
    host.registerStep('deleted.sync', {
      description: 'upserts the organizations given in `names`',
      options: z.object({ names: z.array(z.string()), onDeleted: onDeletedOption }).strict(),
      async run(ctx, options) {
        await ctx.forEachItem(
          options.names,
          (name) => name,
          async (name) => {
            await ctx.itglue.upsert({
              sourceKey: name,
              resourceType: 'organizations',
              naturalKey: { name },
              attributes: { name },
            });
          },
        );
      },
    });
  },
});

const companies = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ key: `psa:${i + 1}`, name: `Company ${i + 1}` }));
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `item:${i}`, name: `Item ${i}` }));

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function idOf(engine: TestEngine, type: string, name: string): Promise<string> {
  const records = (await engine.admin.dump())[type] ?? [];
  const found = records.find(
    (r) => (r.attributes.name ?? (r.attributes.traits as { name?: string })?.name) === name,
  );
  if (!found) throw new Error(`no ${type} named ${name}`);
  return String(found.id);
}

async function namesIn(engine: TestEngine): Promise<string[]> {
  return ((await engine.admin.dump()).organizations ?? []).map((o) => String(o.attributes.name));
}

describe('a record deleted in IT Glue', () => {
  it('an unchanged re-run costs no write and one listing per scope, not a read per item', async () => {
    // 40 items: a read per item would show as 40 requests against the one listing expected (the
    // presence check has no size threshold; a listing page holds 1000 records).
    const n = 40;
    t = await createTestEngine({ plugins: [orgPlugin] });
    await t.runStep('orgs.sync', { companies: companies(n) });
    t.admin.resetStats();
    const orgs = await t.runStep('orgs.sync', { companies: companies(n) });
    expect(orgs.counts).toMatchObject({ unchanged: n, recreated: 0, created: 0 });
    expect(t.admin.stats().writesApplied).toBe(0);
    // One page of GET /organizations (page size 1000). Before the presence check: 0 — and blind.
    expect(t.admin.stats().requests.total).toBe(1);

    await t.runStep('orgs.assets', { organization: 'Company 1', items: items(n) });
    t.admin.resetStats();
    const assets = await t.runStep('orgs.assets', { organization: 'Company 1', items: items(n) });
    expect(assets.counts).toMatchObject({ unchanged: n });
    expect(t.admin.stats().writesApplied).toBe(0);
    // The type and its fields (read every run, as before) and one listing of the type's assets.
    expect(t.admin.stats().requests.total).toBe(3);
  }, 60_000);

  it('is re-created once and counted recreated; the next run is unchanged again', async () => {
    t = await createTestEngine({ plugins: [orgPlugin] });
    await t.runStep('orgs.sync', { companies: companies(5) });
    const old = await idOf(t, 'organizations', 'Company 3');
    await t.admin.remove('organizations', old);
    const before = t.eventsOf('organization:created').length;

    const rerun = await t.runStep('orgs.sync', { companies: companies(5) });
    expect(rerun.counts).toMatchObject({ recreated: 1, created: 0, unchanged: 4, failed: 0 });
    expect(t.eventsOf('organization:created')).toHaveLength(before + 1);
    expect((await namesIn(t)).filter((n) => n === 'Company 3')).toHaveLength(1);
    expect(await idOf(t, 'organizations', 'Company 3')).not.toBe(old);

    t.admin.resetStats();
    const again = await t.runStep('orgs.sync', { companies: companies(5) });
    expect(again.counts).toMatchObject({ recreated: 0, created: 0, unchanged: 5 });
    expect(t.admin.stats().writesApplied).toBe(0);
  });

  it('a flexible asset deleted in IT Glue is re-created (a listing of its type shows it gone)', async () => {
    t = await createTestEngine({ plugins: [orgPlugin] });
    await t.runStep('orgs.sync', { companies: companies(1) });
    await t.runStep('orgs.assets', { organization: 'Company 1', items: items(4) });
    await t.admin.remove('flexible_assets', await idOf(t, 'flexible-assets', 'Item 2'));
    const rerun = await t.runStep('orgs.assets', { organization: 'Company 1', items: items(4) });
    expect(rerun.counts).toMatchObject({ recreated: 1, unchanged: 3, failed: 0 });
    const again = await t.runStep('orgs.assets', { organization: 'Company 1', items: items(4) });
    expect(again.counts).toMatchObject({ recreated: 0, unchanged: 4 });
  });

  it('a plan shows the create with its reason; applying it re-creates the record', async () => {
    t = await createTestEngine({
      plugins: [orgPlugin],
      pipelines: { nightly: [{ step: 'orgs.sync', with: { companies: companies(3) } }] },
    });
    await t.run('nightly');
    const old = await idOf(t, 'organizations', 'Company 2');
    await t.admin.remove('organizations', old);

    const plan = await t.planOf('nightly');
    expect(plan.entries.find((e) => e.sourceKey === 'psa:2')).toMatchObject({
      action: 'create',
      reason: 'deleted in IT Glue',
      deletedRecordId: old,
    });
    expect(plan.counts).toMatchObject({ recreated: 1, created: 0, unchanged: 2 });
    expect(await namesIn(t)).not.toContain('Company 2'); // a plan writes nothing

    const applied = await t.apply(JSON.parse(JSON.stringify(plan)) as typeof plan);
    expect(applied.messages).toEqual([]);
    expect(applied.counts).toMatchObject({ recreated: 1, unchanged: 2, failed: 0 });
    expect((await namesIn(t)).filter((n) => n === 'Company 2')).toHaveLength(1);
  });

  it('onDeleted: report leaves it deleted: a warning with the source key and the old id, counted skipped', async () => {
    t = await createTestEngine({ plugins: [choosingPlugin] });
    const names = ['Alpha', 'Beta'];
    await t.runStep('deleted.sync', { names });
    const old = await idOf(t, 'organizations', 'Beta');
    await t.admin.remove('organizations', old);

    for (let run = 0; run < 2; run++) {
      const summary = await t.runStep('deleted.sync', { names, onDeleted: 'report' });
      expect(summary.counts).toMatchObject({ skipped: 1, unchanged: 1, recreated: 0, created: 0 });
      expect(summary.messages).toEqual([
        expect.objectContaining({
          severity: 'warning',
          code: 'EDELETED_IN_ITGLUE',
          item: 'Beta',
          reason: `Beta: organization #${old} was deleted in IT Glue; not created again (onDeleted: report)`,
        }),
      ]);
      expect(await namesIn(t)).not.toContain('Beta');
    }
    expect(t.plan.find((e) => e.sourceKey === 'Beta')).toMatchObject({
      action: 'skipped',
      deletedRecordId: old,
    });
    const recreated = await t.runStep('deleted.sync', { names });
    expect(recreated.counts).toMatchObject({ recreated: 1, unchanged: 1 });
  });
});
