/**
 * psa.sync-organizations with the ConnectWise provider against its fake server and the emulator:
 * the incremental bookmark, `full`, mark-inactive for deleted companies, the psa-id strategy on
 * organizations IT Glue's own sync created, plugin-level defaults with per-step overrides, 401s.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { TestEngine } from '@glueflow/testkit';
import {
  CW_TEST_CREDENTIALS as credentials,
  CW_TEST_ENV as env,
  cwTestConnection,
  startFakeConnectWise,
  type FakeConnectWise,
} from '../__fixtures__/fake-connectwise.js';
import { insertOrganizations, messagesOf, organizations, psaEngine } from '../__fixtures__/psa-engine.js';
import { makeWorld, touch } from '../__fixtures__/world.js';

let t: TestEngine | undefined;
let cw: FakeConnectWise | undefined;
afterEach(async () => {
  await t?.close();
  await cw?.close();
  t = undefined;
  cw = undefined;
});

const connection = (fake: FakeConnectWise) => cwTestConnection(fake, { http: { retries: 1 } });

const conditionsOf = (fake: FakeConnectWise) =>
  fake.requests
    .filter((r) => r.path.endsWith('/company/companies'))
    .map((r) => r.url.searchParams.get('conditions'));

describe('psa.sync-organizations with ConnectWise', () => {
  it('reads only changes after the first run, marks deleted companies inactive, and `full` reads everything', async () => {
    const world = makeWorld(30);
    cw = await startFakeConnectWise(credentials, world);
    t = await psaEngine(
      { provider: 'connectwise', connection: connection(cw), onMissingInPsa: 'mark-inactive' },
      { env },
    );

    const first = await t.runStep('psa.sync-organizations', {});
    expect(first.counts).toMatchObject({ created: 30, failed: 0 });
    expect(conditionsOf(cw)).toEqual(['deletedFlag = false']);

    touch(world.companies[4]!, { name: 'Renamed Four LLC' }, '2026-02-01T12:00:00.000Z');
    touch(world.companies[9]!, { deleted: true }, '2026-02-01T12:05:00.000Z');
    cw.requests.length = 0;
    await t.restart();
    t.admin.resetStats();

    const second = await t.runStep('psa.sync-organizations', {});

    // The bookmark is the newest lastUpdated seen (company 29: 2025-01-01T00:29Z), less a minute of overlap.
    expect(conditionsOf(cw)).toEqual(['_info/lastUpdated > [2025-01-01T00:28:00Z]']);
    expect(second.counts).toMatchObject({ updated: 2, unchanged: 1, created: 0, failed: 0 });
    expect(t.admin.stats().updates).toBe(2);
    const orgs = await organizations(t);
    expect(orgs.find((o) => o.name === 'Renamed Four LLC')).toBeDefined();
    expect(orgs.find((o) => o.name === world.companies[9]!.name)).toMatchObject({ status: 'Inactive' });

    cw.requests.length = 0;
    t.admin.resetStats();
    const third = await t.runStep('psa.sync-organizations', {});
    expect(conditionsOf(cw)).toEqual(['_info/lastUpdated > [2026-02-01T12:04:00Z]']);
    expect(t.admin.stats().writesApplied).toBe(0);
    // The overlap lists company 9 again, unchanged since the last run: a replay, skipped before IT Glue is read.
    expect(third.counts).toMatchObject({ unchanged: 1, failed: 0 });
    expect(third.requests.total).toBe(0);

    cw.requests.length = 0;
    const full = await t.runStep('psa.sync-organizations', { full: true });
    expect(conditionsOf(cw)).toEqual(['deletedFlag = false']);
    // Company 9 is missing from the full listing: it stays inactive, with no write.
    expect(full.counts).toMatchObject({ unchanged: 30, created: 0, updated: 0 });
  });

  it('matches organizations IT Glue’s own ConnectWise sync created by psa-id, whatever their name', async () => {
    const world = makeWorld(3);
    cw = await startFakeConnectWise(credentials, world);
    t = await psaEngine(
      {
        provider: 'connectwise',
        connection: connection(cw),
        fields: { description: 'From {{source}} ({{types}})' },
      },
      { env },
    );
    const [synced] = await insertOrganizations(t, [
      {
        name: 'Old Name From Manage',
        'psa-integration': 'enabled',
        'psa-integration-type': 'manage',
        'psa-id': '1001',
      },
    ]);

    const summary = await t.runStep('psa.sync-organizations', {});

    expect(summary.counts).toMatchObject({ created: 2, updated: 1, failed: 0 });
    const org = (await organizations(t)).find((o) => o.id === synced)!;
    expect(org).toMatchObject({
      name: 'Old Name From Manage',
      description: 'From connectwise (Break/Fix Client)',
    });
    expect(messagesOf(summary, 'EPSA_LOCKED')).toEqual([
      expect.objectContaining({ item: 'connectwise:1001' }),
    ]);
  });

  it('takes the plugin entry’s PSA as default and lets a step override fields and the source name', async () => {
    const world = makeWorld(4);
    cw = await startFakeConnectWise(credentials, world);
    t = await psaEngine(
      { provider: 'connectwise', connection: connection(cw), fields: { quickNotes: 'CW {{identifier}}' } },
      { env },
    );
    const summary = await t.runStep('psa.sync-organizations', {
      source: 'cw-east',
      fields: { shortName: false },
    });
    expect(summary.counts.created).toBe(4);
    const orgs = await organizations(t);
    expect(orgs.find((o) => o.name === world.companies[0]!.name)).toMatchObject({
      shortName: null,
      quickNotes: `CW ${world.companies[0]!.identifier}`,
    });
    expect(
      t
        .eventsOf('organization:created')
        .map((e) => e.sourceKey)
        .sort(),
    ).toEqual(['cw-east:1000', 'cw-east:1001', 'cw-east:1002', 'cw-east:1003']);
  });

  it('fails the step with EPSA_AUTH naming the keys to check when ConnectWise answers 401', async () => {
    cw = await startFakeConnectWise({ ...credentials, privateKey: 'rotated' }, makeWorld(2));
    t = await psaEngine({ provider: 'connectwise', connection: connection(cw) }, { env });
    const summary = await t.runStep('psa.sync-organizations', {});
    expect(summary.status).toBe('failed');
    expect(summary.messages).toEqual([
      expect.objectContaining({
        code: 'EPSA_AUTH',
        reason: 'ConnectWise refused the credentials (401) on GET /v4_6_release/apis/3.0/company/companies',
        hint: expect.stringContaining('connection.publicKey and connection.privateKey'),
      }),
    ]);
    expect(JSON.stringify([summary, t.logs])).not.toContain('priv-2');
    expect(summary.requests.total).toBe(0); // the PSA is read first: a refused key costs no IT Glue request
    expect(await organizations(t)).toEqual([]);
  });

  it('plans in a dry run without writing IT Glue, the bookmark or the review file', async () => {
    const world = makeWorld(5);
    cw = await startFakeConnectWise(credentials, world);
    t = await psaEngine({ provider: 'connectwise', connection: connection(cw) }, { env });
    await insertOrganizations(t, [{ name: `${world.companies[0]!.name.replace(/ \S+$/, '')} Corp` }]);
    t.admin.resetStats();
    const plan = await t.runStep('psa.sync-organizations', {}, { dryRun: true });
    expect(plan.counts).toMatchObject({ created: 4, skipped: 1 });
    expect(t.admin.stats().writesApplied).toBe(0);
    expect(t.plan.filter((e) => e.action === 'create')).toHaveLength(4);
    expect(messagesOf(plan, 'EPSA_REVIEW')).toHaveLength(1);
    expect(existsSync(join(t.baseDir, 'psa-review.json'))).toBe(false);

    cw.requests.length = 0;
    await t.runStep('psa.sync-organizations', {});
    expect(conditionsOf(cw)).toEqual(['deletedFlag = false']);
  });
});
