/** The run history end to end: runs, plans, applies and watch polls recorded by core, read by `glueflow runs`. */
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { companies, createProject, orgsConfig } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

interface Recorded {
  id: number;
  kind: string;
  pipeline: string;
  status: string;
  counts: Record<string, number> | null;
  messages: Array<{ item?: string; reason: string }>;
  error?: { code: string; message: string };
}

const config = (extra: Record<string, unknown> = {}, list: unknown[] = companies(2)) =>
  orgsConfig(
    {
      nightly: [{ step: 'orgs.sync', with: { companies: list } }],
      broken: [{ step: 'orgs.sync', with: { companies: [{ key: 'c:x', name: 'X Co' }, { key: 'c:bad' }] } }],
    },
    extra,
  );

async function listed(p: Project, ...argv: string[]): Promise<Recorded[]> {
  const result = await p.cli(['runs', ...argv, '--json']);
  expect(result.code).toBe(0);
  return result.json<{ runs: Recorded[] }>().runs;
}

describe('glueflow runs', () => {
  it('lists every run, plan, apply and watch poll, newest first, with filters; `runs show` one in full', async () => {
    project = await createProject(config());
    expect(await listed(project)).toEqual([]);
    expect((await project.cli(['run', 'nightly'])).code).toBe(0);
    expect((await project.cli(['run', 'broken'])).code).toBe(2);
    expect((await project.cli(['plan', 'nightly', '--out', 'plan.json'])).code).toBe(0);
    expect((await project.cli(['apply', 'plan.json'])).code).toBe(0);
    expect((await project.cli(['watch', '--once', '--types', 'organizations'])).code).toBe(0);

    const all = await listed(project);
    expect(all.map((r) => [r.kind, r.pipeline, r.status])).toEqual([
      ['watch', 'watch', 'ok'],
      ['apply', 'nightly', 'ok'],
      ['plan', 'nightly', 'ok'],
      ['run', 'broken', 'partial'],
      ['run', 'nightly', 'ok'],
    ]);
    expect(all[4]).toMatchObject({
      counts: expect.objectContaining({ created: 2, failed: 0 }),
      requests: expect.objectContaining({ total: expect.any(Number) }),
      events: { 'organization:created': 2 },
    });
    expect(all[4]!.id).toBeLessThan(all[3]!.id);

    expect((await listed(project, '--pipeline', 'nightly')).map((r) => r.kind)).toEqual([
      'apply',
      'plan',
      'run',
    ]);
    expect((await listed(project, '--status', 'partial')).map((r) => r.pipeline)).toEqual(['broken']);
    expect((await listed(project, '--kind', 'watch')).map((r) => r.pipeline)).toEqual(['watch']);
    expect(await listed(project, '--since', '1h')).toHaveLength(5);
    expect(await listed(project, '--since', '2999-01-01')).toEqual([]);
    expect(await listed(project, '--limit', '2')).toHaveLength(2);

    const table = await project.cli(['runs']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+started\s+kind\s+pipeline\s+status\s+took\s+requests\s+result$/);
    expect(lines).toHaveLength(6);
    expect(lines[4]).toMatch(
      /^#\d+\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+run\s+broken\s+⚠ partial\s+.+\s+\d+\s+1 created, 1 failed$/,
    );
    expect(lines[1]).toMatch(/watch\s+watch\s+✓ ok .* no events$/);

    const partial = all[3]!;
    const shown = await project.cli(['runs', 'show', String(partial.id)]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Run #${partial.id}: run of broken — ⚠ partial`);
    expect(shown.stdout).toMatch(/counts\s+1 created, .*0 unchanged, 0 skipped, 1 failed/);
    expect(shown.stdout).toMatch(/✗ c:bad {2}company c:bad has no name/);
    const json = await project.cli(['runs', 'show', `#${partial.id}`, '--json']);
    expect(json.json()).toEqual(expect.objectContaining({ ...partial }));
    expect(json.json<Recorded>().messages).toEqual([
      expect.objectContaining({ severity: 'error', item: 'c:bad', reason: 'company c:bad has no name' }),
    ]);
  });

  it('a plan row says what a run would do (`2 to create`), never that it created anything', async () => {
    project = await createProject(config());
    expect((await project.cli(['plan', 'nightly'])).code).toBe(0);
    const table = await project.cli(['runs']);
    expect(table.stdout.trimEnd().split('\n')[1]).toMatch(/plan\s+nightly\s+✓ ok .* 2 to create$/);
    const [plan] = await listed(project);
    expect((await project.cli(['runs', 'show', String(plan!.id)])).stdout).toMatch(
      /planned\s+2 to create, 0 to update/,
    );
  });

  it('a run that throws is recorded as failed with its error (a second run refused by the lock)', async () => {
    project = await createProject(config({}, companies(20)), { latencyMs: 40 });
    const results = await Promise.all([project.cli(['run', 'nightly']), project.cli(['run', 'nightly'])]);
    expect(results.map((r) => r.code).sort()).toEqual([0, 1]);
    const runs = await listed(project, '--pipeline', 'nightly');
    expect(runs.map((r) => r.status).sort()).toEqual(['failed', 'ok']);
    const refused = runs.find((r) => r.status === 'failed')!;
    expect(refused).toMatchObject({
      counts: null,
      error: { code: 'EPIPELINE_BUSY', message: expect.stringContaining('is already running') },
    });
    const shown = await project.cli(['runs', 'show', String(refused.id)]);
    expect(shown.stdout).toContain('✗ EPIPELINE_BUSY pipeline nightly is already running');
    expect((await project.cli(['runs', '--status', 'failed'])).stdout).toMatch(/✗ failed .*EPIPELINE_BUSY$/m);
  });

  it('keeps `history.keep` runs per pipeline; a watch poll does not push a run out', async () => {
    project = await createProject(config({ history: { keep: 2, maxAgeDays: 30 } }));
    for (let i = 0; i < 3; i++) expect((await project.cli(['run', 'nightly'])).code).toBe(0);
    for (let i = 0; i < 3; i++) await project.cli(['watch', '--once', '--types', 'organizations']);
    const runs = await listed(project, '--pipeline', 'nightly');
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => r.counts?.unchanged)).toEqual([2, 2]); // the first run (2 created) went
    expect(await listed(project, '--pipeline', 'watch')).toHaveLength(2);
    const bad = await createProject(config({ history: { keep: 0 } }));
    const refused = await bad.cli(['runs']);
    await bad.close();
    expect(refused.code).toBe(78);
    expect(refused.stderr).toContain('history.keep');
  });

  it('stores no secret: a step error quoting the API key is masked in the state file', async () => {
    project = await createProject(config({}, [{ key: 'ITG.emulator-in-a-key' }]));
    expect((await project.cli(['run', 'nightly'])).code).toBe(1);
    const { StateStore } = await import('@glueflow/core');
    const state = await StateStore.open({ file: path.join(project.home, 'default.sqlite') });
    const [run] = await state.history.list();
    await state.close();
    expect(JSON.stringify(run)).not.toContain('ITG.emulator');
    expect(run?.messages[0]?.reason).toContain('[REDACTED]');
  });

  it('runs show of an unknown id is ERUN_NOT_FOUND (exit 1, a JSON line with --json); bad filters exit 64', async () => {
    project = await createProject(config());
    await project.cli(['run', 'nightly']);
    const missing = await project.cli(['runs', 'show', '999', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.json()).toMatchObject({
      error: { code: 'ERUN_NOT_FOUND', message: 'no run #999 in the history of instance "default"' },
    });
    for (const argv of [
      ['runs', '--status', 'great'],
      ['runs', '--since', 'yesterday'],
      ['runs', '--limit', '0'],
      ['runs', 'show', 'abc'],
    ]) {
      expect({ argv, code: (await project.cli(argv)).code }).toEqual({ argv, code: 64 });
    }
  });
});
