/**
 * Matching end to end against the emulator: identifier and exact-name matches update the existing
 * organization, normalised-name candidates go to the review file and are honoured once decided,
 * PSA-locked organizations only get quick notes, shared names and contested organizations are conflicts.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import { psaPlugin } from '../plugin.js';
import { writeCsv } from '../__fixtures__/csv-file.js';
import {
  decide,
  insertOrganizations,
  messagesOf,
  organizationNamed,
  organizations,
  psaEngine,
  readReview,
} from '../__fixtures__/psa-engine.js';
import { makeCompany } from '../__fixtures__/world.js';
import type { PsaCompany } from '../provider/types.js';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const company = (id: number, name: string, identifier: string | null = null): PsaCompany => ({
  ...makeCompany(id),
  id: String(id),
  name,
  identifier,
});

const CSV = { provider: 'csv', connection: { file: 'companies.csv' } };

describe('matching PSA companies to existing organizations', () => {
  it('updates by identifier and exact name, proposes normalised names for review, creates the rest', async () => {
    t = await psaEngine(CSV);
    const [harbor, summit, cedar] = await insertOrganizations(t, [
      { name: 'Harbor Family Dentistry', 'short-name': 'HARB' },
      { name: 'SUMMIT LAW GROUP' },
      { name: 'Cedar Realty LLC' },
    ]);
    writeCsv(t.baseDir, [
      company(1, 'Harbor Dental LLC', 'HARB'),
      company(2, 'Summit Law Group', 'SUMM'),
      company(3, 'Cedar Realty, Inc.', 'CEDR'),
      company(4, 'Pioneer Logistics', 'PION'),
    ]);

    const first = await t.runStep('psa.sync-organizations', {});

    expect(first.counts).toMatchObject({ created: 1, updated: 2, skipped: 1, failed: 0 });
    const orgs = await organizations(t);
    expect(orgs).toHaveLength(4);
    expect(orgs.find((o) => o.id === harbor)).toMatchObject({ name: 'Harbor Dental LLC', shortName: 'HARB' });
    expect(orgs.find((o) => o.id === summit)).toMatchObject({ name: 'Summit Law Group', shortName: 'SUMM' });
    expect(orgs.find((o) => o.id === cedar)).toMatchObject({ name: 'Cedar Realty LLC', shortName: null });
    expect(await organizationNamed(t, 'Pioneer Logistics')).toBeDefined();
    const [review] = messagesOf(first, 'EPSA_REVIEW');
    expect(review).toMatchObject({ item: 'csv:3', severity: 'warning' });
    expect(review!.reason).toContain('"Cedar Realty LLC"');
    expect(readReview(t).pairs).toEqual([
      expect.objectContaining({
        sourceKey: 'csv:3',
        organization: { id: cedar, name: 'Cedar Realty LLC' },
        decision: 'pending',
      }),
    ]);

    // Unchanged: nothing is written, the review file is not rewritten, the candidate stays pending.
    t.admin.resetStats();
    const again = await t.runStep('psa.sync-organizations', {});
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, skipped: 1 });
    expect(t.admin.stats().writesApplied).toBe(0);

    decide(t, 'csv:3', 'confirm');
    const confirmed = await t.runStep('psa.sync-organizations', {});
    expect(confirmed.counts).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    expect((await organizations(t)).find((o) => o.id === cedar)).toMatchObject({
      name: 'Cedar Realty, Inc.',
      shortName: 'CEDR',
    });
    expect(messagesOf(confirmed, 'EPSA_REVIEW')).toEqual([]);
  });

  it('plan then apply: a company matched by identifier is planned as an update of that organization and applies', async () => {
    t = await createTestEngine({
      plugins: [[psaPlugin, CSV]],
      pipelines: { sync: [{ step: 'psa.sync-organizations' }] },
    });
    const [harbor] = await insertOrganizations(t, [
      { name: 'Harbor Family Dentistry', 'short-name': 'HARB' },
    ]);
    writeCsv(t.baseDir, [company(1, 'Harbor Dental LLC', 'HARB'), company(4, 'Pioneer Logistics', 'PION')]);

    const plan = await t.planOf('sync');
    const entries = plan.entries.filter((e) => e.request?.resourceType === 'organizations');
    expect(entries.map((e) => [e.sourceKey, e.action, e.recordId ?? null])).toEqual(
      expect.arrayContaining([
        ['csv:1', 'update', harbor],
        ['csv:4', 'create', null],
      ]),
    );
    expect(await t.runtime.state.mappings.count('@glueflow/plugin-psa')).toBe(0); // a plan writes nothing

    const applied = await t.apply(JSON.parse(JSON.stringify(plan)));
    expect(applied.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(applied.counts).toMatchObject({ created: 1, updated: 1, failed: 0 });
    expect((await organizations(t)).find((o) => o.id === harbor)).toMatchObject({
      name: 'Harbor Dental LLC',
    });
    expect(await organizations(t)).toHaveLength(2);
  });

  it('creates a new organization once a person rejects the candidate, and never proposes it again', async () => {
    t = await psaEngine(CSV);
    const [bayview] = await insertOrganizations(t, [{ name: 'Bayview Foods' }]);
    writeCsv(t.baseDir, [company(7, 'Bayview Foods Co.')]);
    await t.runStep('psa.sync-organizations', {});
    decide(t, 'csv:7', 'reject');

    const rejected = await t.runStep('psa.sync-organizations', {});

    expect(rejected.counts).toMatchObject({ created: 1 });
    const orgs = await organizations(t);
    expect(orgs.map((o) => o.name)).toEqual(['Bayview Foods', 'Bayview Foods Co.']);
    expect(readReview(t).pairs).toEqual([
      expect.objectContaining({
        sourceKey: 'csv:7',
        organization: { id: bayview, name: 'Bayview Foods' },
        decision: 'reject',
      }),
    ]);
  });

  it('sends only description and quick notes to a PSA-locked organization and reports it skipped (psa-locked)', async () => {
    t = await psaEngine({
      ...CSV,
      fields: { quickNotes: 'PSA #{{id}} · {{phone}}', organizationType: { default: 'Customer' } },
    });
    const [granite] = await insertOrganizations(t, [
      {
        name: 'Granite Engineering',
        'psa-integration': 'enabled',
        'psa-integration-type': 'autotask',
        'psa-id': '99',
      },
    ]);
    writeCsv(t.baseDir, [company(8, 'Granite Engineering', 'GRAN')]);

    const summary = await t.runStep('psa.sync-organizations', {});

    expect(summary.counts).toMatchObject({ updated: 1, failed: 0 });
    const [locked] = messagesOf(summary, 'EPSA_LOCKED');
    expect(locked!.reason).toMatch(
      /^skipped \(psa-locked\): "Granite Engineering" #\d+ is synced by IT Glue's own PSA integration \(psa-integration: enabled\): name, shortName, organizationTypeId, organizationStatusId not sent; quickNotes still writable$/,
    );
    const org = (await organizations(t)).find((o) => o.id === granite)!;
    expect(org).toMatchObject({
      shortName: null,
      type: null,
      quickNotes: `PSA #8 · ${makeCompany(8).phone}`,
    });
    const [event] = t.eventsOf('onOrganizationUpdated');
    expect(event).toMatchObject({ changedFields: ['quickNotes'] });
  });

  it('reports a locked organization with nothing to send as skipped, never as a write', async () => {
    t = await psaEngine(CSV);
    await insertOrganizations(t, [
      {
        name: 'Copper Electric',
        'psa-integration': 'enabled',
        'psa-integration-type': 'manage',
        'psa-id': '1',
      },
    ]);
    writeCsv(t.baseDir, [company(9, 'Copper Electric', 'COPP')]);
    t.admin.resetStats();
    const summary = await t.runStep('psa.sync-organizations', {});
    expect(summary.counts).toMatchObject({ skipped: 1, updated: 0, created: 0, failed: 0 });
    expect(messagesOf(summary, 'EPSA_LOCKED')[0]!.reason).toMatch(/^skipped \(psa-locked\)/);
    expect(t.admin.stats().writesApplied).toBe(0);
  });

  it('reports companies sharing a normalised name as a conflict and creates neither', async () => {
    t = await psaEngine(CSV);
    writeCsv(t.baseDir, [
      company(10, 'Maple Pediatrics LLC'),
      company(11, 'Maple Pediatrics, Inc.'),
      company(12, 'Willow Accounting'),
    ]);
    const summary = await t.runStep('psa.sync-organizations', {});
    expect(summary.counts).toMatchObject({ created: 1, skipped: 2 });
    const conflicts = messagesOf(summary, 'EPSA_CONFLICT');
    expect(conflicts.map((m) => m.item).sort()).toEqual(['csv:10', 'csv:11']);
    expect(conflicts[0]!.reason).toContain('normalised name "maple pediatrics"');
    expect((await organizations(t)).map((o) => o.name)).toEqual(['Willow Accounting']);
  });

  it('gives a contested organization to the stronger match and reports the other company', async () => {
    t = await psaEngine(CSV);
    const [oak] = await insertOrganizations(t, [{ name: 'Oakwood Insurance', 'short-name': 'OAK' }]);
    writeCsv(t.baseDir, [
      company(20, 'Oakwood Insurance Agency', 'OAK'),
      company(21, 'Oakwood Insurance', 'OAKI'),
    ]);
    const summary = await t.runStep('psa.sync-organizations', {});
    expect(summary.counts).toMatchObject({ updated: 1, skipped: 1, created: 0 });
    const [conflict] = messagesOf(summary, 'EPSA_CONFLICT');
    expect(conflict).toMatchObject({ item: 'csv:21' });
    expect(conflict!.reason).toContain('20 (by identifier)');
    expect((await organizations(t)).find((o) => o.id === oak)).toMatchObject({
      name: 'Oakwood Insurance Agency',
    });

    // Next run: 20 holds the organization by mapping; 21's exact-name hit is already synced from csv:20.
    const next = await t.runStep('psa.sync-organizations', {});
    expect(messagesOf(next, 'EPSA_CONFLICT')).toEqual([]);
    expect(next.counts).toMatchObject({ created: 1, unchanged: 1 });
  });

  it('reports a bad CSV row on its line, syncs the rest and leaves mark-inactive alone that run', async () => {
    t = await psaEngine({ ...CSV, onMissingInPsa: 'mark-inactive' });
    writeCsv(t.baseDir, [company(30, 'Meadow Veterinary'), company(31, 'Falcon Plumbing')]);
    await t.runStep('psa.sync-organizations', {});
    writeCsv(t.baseDir, [company(30, 'Meadow Veterinary'), company(31, '')]);

    const summary = await t.runStep('psa.sync-organizations', {});

    expect(summary.status).toBe('partial');
    expect(summary.counts).toMatchObject({ failed: 1, unchanged: 1 });
    const [row] = messagesOf(summary, 'EPSA_ROW');
    expect(row).toMatchObject({ severity: 'error', place: '3:name' });
    expect(row!.reason).toMatch(/^line 3 has no company name/);
    expect(messagesOf(summary, 'EPSA_CONFIG')[0]!.reason).toMatch(/^mark-inactive skipped/);
    expect((await organizationNamed(t, 'Falcon Plumbing'))!.status).toBe('Active');
  });
});
