/** `glueflow plan --out` and `glueflow apply` end to end against the emulator. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  companies,
  createProject,
  normalize,
  nightlyConfig as nightly,
} from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

describe('glueflow plan and apply', () => {
  it('plan --out saves a plan that apply carries out exactly', async () => {
    project = await createProject(nightly(companies(3)));
    const planned = await project.cli(['plan', 'nightly', '--out', 'plan.json']);
    expect(planned.code).toBe(0);
    expect(project.emulator.admin.stats().writesApplied).toBe(0);
    expect(normalize(planned.stdout, project)).toMatchSnapshot();
    const plan = JSON.parse(fs.readFileSync(path.join(project.dir, 'plan.json'), 'utf8'));
    expect(plan).toMatchObject({
      format: 'glueflow-plan',
      version: 1,
      pipeline: 'nightly',
      instance: 'default',
    });
    expect(plan.entries).toHaveLength(3);

    const applied = await project.cli(['apply', 'plan.json', '--json']);
    expect(applied.code).toBe(0);
    expect(applied.json()).toMatchObject({
      pipeline: 'nightly',
      dryRun: false,
      status: 'ok',
      counts: { created: 3 },
    });
    expect(project.emulator.admin.stats().creates).toBe(3);
  });

  it('plan --out into a missing folder is EWRITE naming the file (exit 1)', async () => {
    project = await createProject(nightly(companies(1)));
    const result = await project.cli(['plan', 'nightly', '--out', 'no/such/dir/plan.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('EWRITE cannot write the plan to no/such/dir/plan.json (ENOENT)');
  });

  it('plan --json prints the summary with the plan', async () => {
    project = await createProject(nightly(companies(2)));
    const result = await project.cli(['plan', 'nightly', '--json']);
    expect(result.code).toBe(0);
    const json = result.json<{ dryRun: boolean; plan: { entries: Array<{ action: string }> } }>();
    expect(json.dryRun).toBe(true);
    expect(json.plan.entries.map((e) => e.action)).toEqual(['create', 'create']);
  });

  it('plan --detailed-exitcode: 2 while something would change, 0 once nothing would, 1 when items failed', async () => {
    project = await createProject(nightly(companies(2)));
    const drift = await project.cli(['plan', 'nightly', '--detailed-exitcode']);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('2 to create');
    expect((await project.cli(['plan', 'nightly'])).code).toBe(0); // without the flag: the usual 0
    expect((await project.cli(['run', 'nightly'])).code).toBe(0);
    const clean = await project.cli(['plan', 'nightly', '--detailed-exitcode', '--json']);
    expect(clean.code).toBe(0);
    expect(clean.json()).toMatchObject({ status: 'ok', counts: { unchanged: 2 } });
    project.write('.glueflowrc.json', JSON.stringify(nightly([...companies(2), { key: 'c:bad' }])));
    expect((await project.cli(['plan', 'nightly', '--detailed-exitcode'])).code).toBe(1);
  });

  it('apply refuses a record changed in IT Glue since planning and exits 2', async () => {
    project = await createProject(nightly(companies(2)));
    await project.cli(['run', 'nightly']);
    project.write(
      '.glueflowrc.json',
      JSON.stringify(nightly(companies(2).map((c) => ({ ...c, description: 'managed' })))),
    );
    expect((await project.cli(['plan', 'nightly', '--out', 'plan.json'])).code).toBe(0);
    const dump = await project.emulator.admin.dump();
    const first = dump.organizations?.find((o) => o.attributes.name === 'Company 1');
    await project.emulator.admin.mutate('organizations', first!.id, { 'quick-notes': 'edited by a person' });

    const applied = await project.cli(['apply', 'plan.json', '--json']);
    expect(applied.code).toBe(2);
    const summary = applied.json<{
      counts: { updated: number; failed: number };
      messages: Array<{ code?: string }>;
    }>();
    expect(summary.counts.updated).toBe(1);
    expect(summary.messages.some((m) => m.code === 'EPLAN_CONFLICT')).toBe(true);
  });

  it('apply of a file that is not a plan exits 1 with EPLAN_FORMAT naming it', async () => {
    project = await createProject(nightly(companies(1)));
    project.write('notes.json', '{"hello": 1}');
    project.write('broken.json', '{');
    const notPlan = await project.cli(['apply', 'notes.json']);
    expect(notPlan.code).toBe(1);
    expect(notPlan.stderr).toContain('EPLAN_FORMAT notes.json is not a glueflow plan');
    expect((await project.cli(['apply', 'broken.json'])).stderr).toContain('not JSON');
    expect((await project.cli(['apply', 'missing.json'])).stderr).toContain('cannot read it (ENOENT)');
  });

  it('apply of a plan made for another instance is refused', async () => {
    project = await createProject(nightly(companies(1)));
    await project.cli(['plan', 'nightly', '--out', 'plan.json']);
    const file = path.join(project.dir, 'plan.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), instance: 'prod' }),
    );
    const result = await project.cli(['apply', 'plan.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('EPLAN_MISMATCH');
    expect(project.emulator.admin.stats().writesApplied).toBe(0);
  });
});
