/** psa.sync-organizations end to end with the csv provider against the emulator (through the testkit). */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createTestEngine, type TestEngine } from '@glueflow/testkit';
import { writeCsv } from '../__fixtures__/csv-file.js';
import { makeWorld } from '../__fixtures__/world.js';
import { psaPlugin } from '../plugin.js';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function organizations(engine: TestEngine) {
  const dump = await engine.admin.dump();
  return (dump.organizations ?? []).map(
    (o) => ({ id: String(o.id), ...o.attributes }) as Record<string, unknown>,
  );
}

describe('psa.sync-organizations with a CSV source', () => {
  it('creates every company once; an unchanged re-run writes nothing; renames are updates', async () => {
    const world = makeWorld(12);
    t = await createTestEngine({
      plugins: [
        [
          psaPlugin,
          {
            provider: 'csv',
            connection: { file: 'companies.csv' },
            fields: {
              organizationType: { map: { 'Managed Services Client': 'Customer' }, default: 'Prospect' },
            },
          },
        ],
      ],
    });
    writeCsv(t.baseDir, world.companies);
    const first = await t.runStep('psa.sync-organizations', {});
    expect(first.messages).toEqual([]);
    expect(first.counts).toMatchObject({ created: 12, failed: 0 });
    const orgs = await organizations(t);
    const acme = orgs.find((o) => o.name === world.companies[0]!.name)!;
    expect(acme).toMatchObject({
      'short-name': world.companies[0]!.identifier,
      'organization-type-name': 'Customer',
      'organization-status-name': 'Active',
    });
    expect(t.eventsOf('organization:created')).toHaveLength(12);

    t.admin.resetStats();
    const again = await t.runStep('psa.sync-organizations', {});
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 12 });
    expect(t.admin.stats().writesApplied).toBe(0);

    world.companies[2]!.name = 'Renamed Dental of Austin LLC';
    writeCsv(t.baseDir, world.companies);
    t.admin.resetStats();
    const third = await t.runStep('psa.sync-organizations', {});
    expect(third.counts).toMatchObject({ updated: 1, unchanged: 11 });
    expect(t.admin.stats().updates).toBe(1);
    expect(t.eventsOf('onOrganizationUpdated')).toEqual([
      expect.objectContaining({ changedFields: ['name'] }),
    ]);
  });

  it('marks organizations inactive when their company leaves the PSA or the filter, once', async () => {
    const world = makeWorld(5);
    t = await createTestEngine({
      plugins: [
        [
          psaPlugin,
          { provider: 'csv', connection: { file: 'companies.csv' }, onMissingInPsa: 'mark-inactive' },
        ],
      ],
    });
    writeCsv(t.baseDir, world.companies);
    await t.runStep('psa.sync-organizations', {});

    const [gone, churned] = [world.companies[1]!, world.companies[3]!];
    churned.active = false;
    churned.status = 'Inactive';
    writeCsv(
      t.baseDir,
      world.companies.filter((c) => c !== gone),
    );
    t.admin.resetStats();
    const summary = await t.runStep('psa.sync-organizations', {});

    expect(summary.counts).toMatchObject({ updated: 2, unchanged: 3, skipped: 1, failed: 0 });
    const status = async (name: string) =>
      (await organizations(t!)).find((o) => o.name === name)!['organization-status-name'];
    expect(await status(gone.name)).toBe('Inactive');
    expect(await status(churned.name)).toBe('Inactive');
    expect(await status(world.companies[0]!.name)).toBe('Active');
    expect(
      summary.messages
        .filter((m) => /marked inactive/.test(m.reason))
        .map((m) => m.item)
        .sort(),
    ).toEqual(['csv:1001', 'csv:1003']);

    t.admin.resetStats();
    await t.runStep('psa.sync-organizations', {});
    expect(t.admin.stats().writesApplied).toBe(0);
  });

  it('leaves organizations alone when onMissingInPsa is ignore, and never creates filtered-out companies', async () => {
    const world = makeWorld(6);
    t = await createTestEngine({
      plugins: [
        [
          psaPlugin,
          {
            provider: 'csv',
            connection: { file: 'companies.csv' },
            filter: { types: { exclude: ['prospect'] } },
          },
        ],
      ],
    });
    writeCsv(t.baseDir, world.companies);
    const first = await t.runStep('psa.sync-organizations', {});
    expect(first.counts).toMatchObject({ created: 4, skipped: 2 });
    writeCsv(t.baseDir, world.companies.slice(1));
    t.admin.resetStats();
    await t.runStep('psa.sync-organizations', {});
    expect(t.admin.stats().writesApplied).toBe(0);
  });
});
