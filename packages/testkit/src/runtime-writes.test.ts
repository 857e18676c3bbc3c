/**
 * The runtime end to end against the emulator over HTTP, through the testkit: the write gate on the real
 * client, cache and state store. Covers the engine's promises: an unchanged re-run writes nothing, faults
 * never duplicate, lost state adopts, plan → apply, apply refusing a drifted record.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createTestEngine } from './index.js';
import type { TestEngine } from './index.js';
import { orgPlugin } from './__fixtures__/org-plugin.js';

const companies = (n: number, suffix = '') =>
  Array.from({ length: n }, (_, i) => ({ key: `psa:${i + 1}`, name: `Company ${i + 1}${suffix}` }));

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function organizationsNamed(engine: TestEngine, prefix: string): Promise<string[]> {
  const dump = await engine.admin.dump();
  return (dump.organizations ?? [])
    .map((o) => String(o.attributes.name))
    .filter((name) => name.startsWith(prefix))
    .sort();
}

describe('duplicate-free writes through the runtime', () => {
  it('creates, then an unchanged re-run sends zero writes; a change is one update with an event', async () => {
    t = await createTestEngine({ plugins: [orgPlugin] });
    const first = await t.runStep('orgs.sync', { companies: companies(12) });
    expect(first.status).toBe('ok');
    expect(first.counts.created).toBe(12);
    expect(t.eventsOf('organization:created')).toHaveLength(12);

    t.admin.resetStats();
    const again = await t.runStep('orgs.sync', { companies: companies(12) });
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 12 });
    expect(t.admin.stats().writesApplied).toBe(0);

    const changed = companies(12);
    changed[3] = { ...changed[3]!, name: 'Company 4 (renamed)' };
    const third = await t.runStep('orgs.sync', { companies: changed });
    expect(third.counts).toMatchObject({ updated: 1, unchanged: 11 });
    expect(t.admin.stats().updates).toBe(1);
    const updated = t.eventsOf('onOrganizationUpdated');
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({ changedFields: ['name'] });
  });

  it('commit-then-fail faults on creates leave zero duplicates', async () => {
    t = await createTestEngine({ plugins: [orgPlugin] });
    t.admin.enqueueFault({ kind: 'commit-then-fail', count: 4, method: 'POST', path: '/organizations' });
    const summary = await t.runStep('orgs.sync', { companies: companies(10) });
    expect(summary.counts.failed).toBe(0);
    expect(summary.counts.created).toBe(10);
    expect(t.admin.stats().faultsInjected['commit-then-fail']).toBe(4);
    const names = await organizationsNamed(t, 'Company ');
    expect(names).toHaveLength(10);
    expect(new Set(names).size).toBe(10);
  });

  it('lost state (a new machine) adopts existing records instead of duplicating them', async () => {
    t = await createTestEngine({ plugins: [orgPlugin] });
    await t.runStep('orgs.sync', { companies: companies(5) });
    const file = path.join(t.home, 'default.sqlite');
    await t.runtime.close();
    await fs.promises.rm(file);
    await t.restart();
    t.admin.resetStats();
    const summary = await t.runStep('orgs.sync', { companies: companies(5) });
    expect(summary.counts).toMatchObject({ created: 0, unchanged: 5 });
    expect(t.admin.stats().creates).toBe(0);
    expect(await organizationsNamed(t, 'Company ')).toHaveLength(5);
    // …and the adopted mappings make the next run free again: no write, and one listing that shows
    // the mapped organizations still exist (ceil(organizations / 1000) requests, not one per item).
    t.admin.resetStats();
    await t.runStep('orgs.sync', { companies: companies(5) });
    expect(t.admin.stats().writesApplied).toBe(0);
    expect(t.admin.stats().requests.total).toBe(1);
  });

  it('a dry run writes nothing to IT Glue or to state, and plans each record with field diffs', async () => {
    t = await createTestEngine({ plugins: [orgPlugin] });
    await t.runStep('orgs.sync', { companies: companies(2) });
    t.admin.resetStats();
    const changed = [{ key: 'psa:1', name: 'Company 1', description: 'VIP' }, ...companies(3).slice(1)];
    const dry = await t.runStep('orgs.sync', { companies: changed }, { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(t.admin.stats().writesApplied).toBe(0);
    const byKey = Object.fromEntries(t.plan.map((e) => [e.sourceKey, e]));
    expect(byKey['psa:1']).toMatchObject({
      action: 'update',
      changes: [{ field: 'description', before: null, after: 'VIP' }],
    });
    expect(byKey['psa:2']?.action).toBe('unchanged');
    expect(byKey['psa:3']?.action).toBe('create');
    // Nothing was remembered: the real run still sees one update and one create.
    const real = await t.runStep('orgs.sync', { companies: changed });
    expect(real.counts).toMatchObject({ created: 1, updated: 1, unchanged: 1 });
  });
});

describe('plan and apply', () => {
  const pipelines = {
    nightly: [
      { step: 'orgs.sync', with: { companies: [...companies(3), { key: 'psa:9', name: 'Drifter' }] } },
    ],
  };

  it('applies exactly the plan: creates and updates land, unchanged records are not touched', async () => {
    t = await createTestEngine({ plugins: [orgPlugin], pipelines });
    const plan = await t.planOf('nightly');
    expect(plan).toMatchObject({
      format: 'glueflow-plan',
      version: 1,
      pipeline: 'nightly',
      instance: 'default',
    });
    expect(plan.entries.filter((e) => e.action === 'create')).toHaveLength(4);
    // The plan survives a trip through a file (what `plan --out` / `apply FILE` do).
    const reread = JSON.parse(JSON.stringify(plan)) as typeof plan;
    const summary = await t.apply(reread);
    expect(summary.status).toBe('ok');
    expect(summary.counts.created).toBe(4);
    expect(await organizationsNamed(t, 'Company ')).toHaveLength(3);
  });

  it('refuses a record whose updated-at moved since planning, applies the rest', async () => {
    t = await createTestEngine({ plugins: [orgPlugin], pipelines });
    await t.run('nightly');
    const changed = {
      nightly: [
        {
          step: 'orgs.sync',
          with: {
            companies: [
              { key: 'psa:1', name: 'Company 1', description: 'gold' },
              { key: 'psa:2', name: 'Company 2', description: 'gold' },
              { key: 'psa:9', name: 'Drifter', description: 'gold' },
            ],
          },
        },
      ],
    };
    await t.close();
    t = await createTestEngine({ plugins: [orgPlugin], pipelines: changed });
    await t.runStep('orgs.sync', {
      companies: [
        { key: 'psa:1', name: 'Company 1' },
        { key: 'psa:2', name: 'Company 2' },
        { key: 'psa:9', name: 'Drifter' },
      ],
    });
    const plan = await t.planOf('nightly');
    expect(plan.entries.map((e) => e.action)).toEqual(['update', 'update', 'update']);
    // Someone edits "Drifter" in the web UI between plan and apply.
    const drifter = plan.entries.find((e) => e.sourceKey === 'psa:9')!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await t.admin.mutate('organizations', drifter.recordId!, { 'quick-notes': 'edited by a person' });
    t.admin.resetStats();
    const summary = await t.apply(plan);
    expect(summary.status).toBe('partial');
    expect(summary.counts).toMatchObject({ updated: 2, failed: 1 });
    expect(t.admin.stats().updates).toBe(2);
    const conflict = summary.messages.find((m) => m.code === 'EPLAN_CONFLICT');
    expect(conflict?.item).toBe('psa:9');
    expect(conflict?.reason).toMatch(/changed in IT Glue since planning/);
  });

  it('refuses an entry whose source changed after planning, and anything not in the plan', async () => {
    t = await createTestEngine({ plugins: [orgPlugin], pipelines });
    const plan = await t.planOf('nightly');
    plan.entries = plan.entries.filter((e) => e.sourceKey !== 'psa:2');
    plan.entries[0]!.sourceHash = 'edited';
    const summary = await t.apply(plan);
    expect(summary.counts).toMatchObject({ created: 2, failed: 2 });
    expect(summary.messages.map((m) => m.reason).join('\n')).toMatch(/source changed since planning/);
    expect(summary.messages.map((m) => m.reason).join('\n')).toMatch(/not in the plan/);
  });
});

describe('flexible asset types, attachments and documents', () => {
  it('a plan that creates its own flexible asset type applies cleanly (types are planned by name)', async () => {
    t = await createTestEngine({
      plugins: [orgPlugin],
      pipelines: {
        docs: [{ step: 'orgs.runbook', with: { organization: 'Acme Corp', title: 'DR', body: 'Failover.' } }],
      },
    });
    await t.runStep('orgs.sync', { companies: [{ key: 'acme', name: 'Acme Corp' }] });
    const plan = await t.planOf('docs');
    expect(
      plan.entries.find((e) => e.request.resourceType === 'flexible_assets')?.request.flexibleAssetTypeId,
    ).toBe('planned:Runbook');
    const applied = await t.apply(JSON.parse(JSON.stringify(plan)) as typeof plan);
    expect(applied.messages).toEqual([]);
    expect(applied.counts).toMatchObject({ created: 2, failed: 0 });
  });

  it('creates the type, the asset with its file and a published document once; a re-run writes nothing', async () => {
    t = await createTestEngine({ plugins: [orgPlugin] });
    await t.runStep('orgs.sync', { companies: [{ key: 'acme', name: 'Acme Corp' }] });
    const options = { organization: 'acme corp', title: 'Backup restore', body: 'Restore from the NAS.' };
    const first = await t.runStep('orgs.runbook', options);
    expect(first.messages).toEqual([]);
    expect(first.counts.created).toBe(2);
    expect(t.eventsOf('attachment:created')).toHaveLength(1);
    // The runbook asset (documentSource) and the document both announce a new document.
    expect(
      t
        .eventsOf('onDocumentCreated')
        .map((e) => e.type)
        .sort(),
    ).toEqual(['document', 'flexible-asset']);
    const dump = await t.admin.dump();
    const types = (dump['flexible-asset-types'] ?? []).filter((r) => r.attributes.name === 'Runbook');
    expect(types).toHaveLength(1);
    const documents = (dump.documents ?? []) as Array<{ id: string; attributes: Record<string, unknown> }>;
    const doc = documents.find((d) => d.attributes.name === 'Backup restore')!;
    expect(doc.attributes.published).toBe(true);
    const sections = (dump['document-sections'] ?? []) as Array<{ attributes: Record<string, unknown> }>;
    expect(sections.filter((s) => String(s.attributes['document-id']) === String(doc.id))).toHaveLength(2);

    t.admin.resetStats();
    const again = await t.runStep('orgs.runbook', options);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(t.admin.stats().writesApplied).toBe(0);

    // A changed body: the asset is updated and the document's sections rewritten in place.
    const edited = await t.runStep('orgs.runbook', { ...options, body: 'Restore from the cloud.' });
    expect(edited.counts).toMatchObject({ updated: 2 });
    const after = await t.admin.dump();
    const docSections = (
      (after['document-sections'] ?? []) as Array<{ attributes: Record<string, unknown> }>
    ).filter((s) => String(s.attributes['document-id']) === String(doc.id));
    expect(docSections).toHaveLength(2);
    expect(docSections.map((s) => s.attributes.content).join(' ')).toContain('Restore from the cloud.');
  });

  it('plans a missing type in a dry run without creating it', async () => {
    t = await createTestEngine({ plugins: [orgPlugin] });
    await t.runStep('orgs.sync', { companies: [{ key: 'acme', name: 'Acme Corp' }] });
    t.admin.resetStats();
    const dry = await t.runStep(
      'orgs.runbook',
      { organization: 'Acme Corp', title: 'T', body: 'B' },
      { dryRun: true },
    );
    expect(dry.messages).toEqual([]);
    expect(t.admin.stats().writesApplied).toBe(0);
    expect(t.plan.map((e) => `${e.request.resourceType}:${e.action}`)).toEqual(
      expect.arrayContaining(['flexible_asset_types:create', 'flexible_assets:create', 'documents:create']),
    );
  });
});

describe('natural-key lookups in bulk', () => {
  const items = (n: number, from = 1) =>
    Array.from({ length: n }, (_, i) => ({ key: `item:${from + i}`, name: `Item ${from + i}` }));

  /** GETs of flexible assets by kind: name lookups, scope listings, reads by id. */
  function assetReads(engine: TestEngine) {
    const seen = { byName: 0, listings: 0, byId: 0 };
    engine.runtime.engine.hooks.onRequest.tap('asset-reads', (request) => {
      const url = decodeURIComponent(request.path);
      if (request.method !== 'GET' || !url.startsWith('/flexible_assets')) return;
      if (/^\/flexible_assets\/\d+/.test(url)) seen.byId += 1;
      else if (url.includes('filter[name]')) seen.byName += 1;
      else seen.listings += 1;
    });
    return seen;
  }

  async function assetNames(engine: TestEngine): Promise<string[]> {
    const dump = await engine.admin.dump();
    return (dump['flexible-assets'] ?? []).map((a) => String((a.attributes.traits as { name: string }).name));
  }

  it('30 new assets: 10 name lookups, then one listing and a re-check before each create it answered; a name seen twice in the run adopts', async () => {
    t = await createTestEngine({ plugins: [orgPlugin] });
    await t.client.organizations.create({ name: 'Acme' });
    await t.runStep('orgs.assets', { organization: 'Acme', items: items(1) });
    const reads = assetReads(t);
    // Items 2…31 are new; "item:again" names Item 1 (written by the first run) under another key.
    const summary = await t.runStep('orgs.assets', {
      organization: 'Acme',
      items: [...items(30, 2), { key: 'item:again', name: 'ITEM 1' }],
    });
    expect(summary.counts).toMatchObject({ created: 30, failed: 0 });
    // Items 2…11 asked IT Glue by name; 12…31 were answered by the listing, so each asks again right
    // before its create (another machine may have created it since the listing). The second listing
    // is the step's end: a name another writer created at the same moment would show twice there.
    expect(reads).toEqual({ byName: 10 + 20, listings: 2, byId: 1 });
    const names = await assetNames(t);
    expect(names).toHaveLength(31);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(31);
  });

  it('another writer creates a record after the listing: the re-check before the create adopts it', async () => {
    const engine = (t = await createTestEngine({ plugins: [orgPlugin] }));
    await t.client.organizations.create({ name: 'Acme' });
    await t.runStep('orgs.assets', { organization: 'Acme', items: items(1) });
    const first = (await t.admin.dump())['flexible-assets']![0]!.attributes;
    const reads = assetReads(t);
    // Item 12 is the first answered from the listing; while it is written, another machine creates
    // Item 31 — which the listing, taken a moment ago, does not show.
    t.runtime.engine.hooks.beforeWrite.tapPromise('other-machine', async (write) => {
      if (write.sourceKey === 'item:12')
        await engine.admin.insert('flexible-assets', [
          {
            'organization-id': first['organization-id'],
            'flexible-asset-type-id': first['flexible-asset-type-id'],
            traits: { name: 'Item 31' },
          },
        ]);
      return write;
    });
    const summary = await t.runStep('orgs.assets', { organization: 'Acme', items: items(30, 2) });
    expect(summary.counts).toMatchObject({ created: 29, failed: 0 });
    expect(reads.listings).toBe(2); // the lookups' listing, and the step end's check for racing writers
    const names = await assetNames(t);
    expect(names.filter((name) => name === 'Item 31')).toHaveLength(1);
    expect(names).toHaveLength(31);
  });

  it('a writer that races past the re-check leaves one duplicate, reported at the end of the step', async () => {
    const engine = (t = await createTestEngine({ plugins: [orgPlugin] }));
    await t.client.organizations.create({ name: 'Acme' });
    await t.runStep('orgs.assets', { organization: 'Acme', items: items(1) });
    const first = (await t.admin.dump())['flexible-assets']![0]!.attributes;
    // Between the re-check and the POST (a beforeWrite listener runs there), another machine creates it.
    t.runtime.engine.hooks.beforeWrite.tapPromise('other-machine', async (write) => {
      if (write.sourceKey === 'item:3')
        await engine.admin.insert('flexible-assets', [
          {
            'organization-id': first['organization-id'],
            'flexible-asset-type-id': first['flexible-asset-type-id'],
            traits: { name: 'Item 3' },
          },
        ]);
      return write;
    });
    const summary = await t.runStep('orgs.assets', { organization: 'Acme', items: items(3, 2) });
    expect(summary.counts).toMatchObject({ created: 3, failed: 0 });
    expect((await assetNames(t)).filter((name) => name === 'Item 3')).toHaveLength(2);
    expect(summary.messages).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'EDUPLICATE_RECORD',
        reason: expect.stringMatching(/flexible-asset "item 3" 2 times \(#\d+, #\d+\)/),
      }),
    ]);
  });

  it('lost state: 25 records are adopted from one listing (each re-read live), 0 creates', async () => {
    t = await createTestEngine({ plugins: [orgPlugin] });
    await t.client.organizations.create({ name: 'Acme' });
    await t.runStep('orgs.assets', { organization: 'Acme', items: items(25) });
    await t.runtime.close();
    await fs.promises.rm(path.join(t.home, 'default.sqlite'));
    await t.restart();
    const reads = assetReads(t);
    t.admin.resetStats();
    const summary = await t.runStep('orgs.assets', { organization: 'Acme', items: items(25) });
    expect(summary.counts).toMatchObject({ created: 0, unchanged: 25 });
    expect(t.admin.stats().creates).toBe(0);
    expect(reads).toEqual({ byName: 10, listings: 1, byId: 15 });
  });

  it('each run lists again: a record created by someone else between runs is adopted', async () => {
    t = await createTestEngine({ plugins: [orgPlugin] });
    const org = await t.client.organizations.create({ name: 'Acme' });
    await t.runStep('orgs.assets', { organization: 'Acme', items: items(12) });
    const typeId = String((await t.admin.dump())['flexible-asset-types']![0]!.id);
    await t.client.flexibleAssets.create({
      organizationId: org.id,
      flexibleAssetTypeId: typeId,
      traits: { name: 'Item 40' },
    });
    const reads = assetReads(t);
    const summary = await t.runStep('orgs.assets', { organization: 'Acme', items: items(30, 20) });
    expect(summary.counts).toMatchObject({ created: 29, failed: 0 });
    expect(reads.listings).toBe(2); // the lookups' listing, and the step end's check for racing writers
    expect((await assetNames(t)).filter((n) => n === 'Item 40')).toHaveLength(1);
  });
});

describe('transport notifications', () => {
  it('onRequest, onRetry and onRateLimited fire through the engine hooks and are counted in the summary', async () => {
    t = await createTestEngine({ plugins: [orgPlugin] });
    const seen = { requests: 0, retries: [] as string[], rateLimited: [] as string[] };
    const hooks = t.runtime.engine.hooks;
    hooks.onRequest.tap('probe', () => void seen.requests++);
    hooks.onRetry.tap('probe', (retry) => void seen.retries.push(retry.reason));
    hooks.onRateLimited.tap('probe', (info) => void seen.rateLimited.push(info.pausedUntil));
    t.admin.enqueueFault({ kind: '502', count: 1, method: 'GET', path: '/organizations' });
    t.admin.enqueueFault({ kind: '429', count: 1, method: 'POST', path: '/organizations' });
    const summary = await t.runStep('orgs.sync', { companies: companies(3) });
    expect(summary.counts.created).toBe(3);
    expect(summary.requests.total).toBe(seen.requests);
    expect(seen.requests).toBeGreaterThanOrEqual(5);
    expect(seen.retries).toEqual(expect.arrayContaining(['502', '429']));
    expect(summary.requests.retries).toBe(seen.retries.length);
    expect(seen.rateLimited).toHaveLength(1);
    expect(new Date(seen.rateLimited[0]!).toISOString()).toBe(seen.rateLimited[0]);
    expect(summary.requests.rateLimited).toBe(1);
  });
});
