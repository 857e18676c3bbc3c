/**
 * An organization (or contact) synced by glueflow and deleted in IT Glue by a person: plan, a run after
 * `cache refresh`, and a full run must not call it unchanged. By default it is re-created once
 * (`recreated`); with `onDeleted: report` it stays deleted and every run says so.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import { psaPlugin } from '../plugin.js';
import { writeCsv } from '../__fixtures__/csv-file.js';
import {
  CW_TEST_CREDENTIALS,
  CW_TEST_ENV,
  cwTestConnection,
  startFakeConnectWise,
  type FakeConnectWise,
} from '../__fixtures__/fake-connectwise.js';
import { messagesOf, organizationNamed, organizations, psaEngine } from '../__fixtures__/psa-engine.js';
import { makeCompany, makeWorld } from '../__fixtures__/world.js';

const CSV = { provider: 'csv', connection: { file: 'companies.csv' } };
const NAMES = ['Harbor Dental LLC', 'Summit Law Group', 'Pioneer Logistics'];

let t: TestEngine | undefined;
let cw: FakeConnectWise | undefined;
afterEach(async () => {
  await t?.close();
  await cw?.close();
  t = undefined;
  cw = undefined;
});

async function syncedThenDeleted(engine: TestEngine): Promise<string> {
  writeCsv(
    engine.baseDir,
    NAMES.map((name, i) => ({ ...makeCompany(i + 1), id: String(i + 1), name })),
  );
  const first = await engine.runStep('psa.sync-organizations', {});
  expect(first.counts).toMatchObject({ created: 3, failed: 0 });
  const summit = await organizationNamed(engine, 'Summit Law Group');
  await engine.admin.remove('organizations', summit!.id);
  return summit!.id;
}

describe('an organization deleted in IT Glue', () => {
  it('is planned as a create with its reason, re-created once by a run after cache refresh, then unchanged', async () => {
    t = await createTestEngine({
      plugins: [[psaPlugin, CSV]],
      pipelines: { sync: [{ step: 'psa.sync-organizations' }] },
    });
    const gone = await syncedThenDeleted(t);

    await t.planOf('sync');
    expect(t.plan.find((e) => e.sourceKey === 'csv:2')).toMatchObject({
      action: 'create',
      reason: 'deleted in IT Glue',
      deletedRecordId: gone,
    });
    expect(t.lastPlan?.counts).toMatchObject({ recreated: 1, unchanged: 2, created: 0 });

    await t.runtime.cache.refresh(['organizations']);
    const run = await t.run('sync');
    expect(run.counts).toMatchObject({ recreated: 1, created: 0, unchanged: 2, failed: 0 });
    expect((await organizations(t)).filter((o) => o.name === 'Summit Law Group')).toHaveLength(1);

    t.admin.resetStats();
    const full = await t.runStep('psa.sync-organizations', { full: true });
    expect(full.counts).toMatchObject({ recreated: 0, created: 0, unchanged: 3 });
    expect(t.admin.stats().writesApplied).toBe(0);
  });

  it('onDeleted: report keeps it deleted: skipped, with a warning naming the source key and the old id', async () => {
    t = await psaEngine(CSV);
    const gone = await syncedThenDeleted(t);
    const summary = await t.runStep('psa.sync-organizations', { onDeleted: 'report' });
    expect(summary.counts).toMatchObject({ skipped: 1, unchanged: 2, recreated: 0, created: 0 });
    const [warning] = messagesOf(summary, 'EDELETED_IN_ITGLUE');
    expect(warning).toMatchObject({ severity: 'warning', item: 'csv:2' });
    expect(warning!.reason).toContain(`#${gone}`);
    expect(await organizationNamed(t, 'Summit Law Group')).toBeUndefined();
  });
});

describe('a contact deleted in IT Glue', () => {
  it('is re-created once by psa.sync-contacts', async () => {
    const world = makeWorld(3);
    cw = await startFakeConnectWise(CW_TEST_CREDENTIALS, world);
    t = await psaEngine({ provider: 'connectwise', connection: cwTestConnection(cw) }, { env: CW_TEST_ENV });
    await t.runStep('psa.sync-organizations', {});
    const first = await t.runStep('psa.sync-contacts', {});
    expect(first.counts.created).toBeGreaterThan(0);
    const contacts = (await t.admin.dump()).contacts ?? [];
    await t.admin.remove('contacts', contacts[0]!.id);

    const again = await t.runStep('psa.sync-contacts', { full: true });
    expect(again.counts).toMatchObject({ recreated: 1, created: 0, failed: 0 });
    expect((await t.admin.dump()).contacts).toHaveLength(contacts.length);
    const third = await t.runStep('psa.sync-contacts', { full: true });
    expect(third.counts).toMatchObject({ recreated: 0, created: 0, unchanged: first.counts.created });
  });
});
