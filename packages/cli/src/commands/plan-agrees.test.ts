/**
 * `glueflow plan` and `glueflow apply` speak of the same things in the same categories: the plan's
 * totals are its dry run's item counts (a PSA step's own skips included), writes that are not items
 * are listed apart, and files written again once their links exist are announced by the plan.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createProject } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';

const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));

let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

/** The plan's totals line and apply's count line of one step. */
async function planThenApply(p: Project, pipeline: string): Promise<{ planned: string; applied: string }> {
  const plan = await p.cli(['plan', pipeline, '--out', 'plan.json']);
  expect(plan.code).toBe(0);
  const apply = await p.cli(['apply', 'plan.json']);
  expect(apply.code).toBe(0);
  const planned = plan.stdout.split('\n').find((line) => / to create, /.test(line));
  const applied = apply.stdout.split('\n').find((line) => / created, /.test(line));
  return { planned: planned!.trim(), applied: applied!.trim().replace(/^✓ \S+\s+/, '') };
}

describe('plan and apply agree', () => {
  it('a PSA sync: the companies the step skips are in the plan’s totals too', async () => {
    project = await createProject({
      plugins: [
        [
          'psa',
          {
            provider: 'csv',
            connection: { file: 'companies.csv' },
            filter: { types: { exclude: ['Vendor'] } },
          },
        ],
      ],
      pipelines: { sync: [{ step: 'psa.sync-organizations' }] },
    });
    fs.copyFileSync(path.join(EXAMPLES, 'psa/companies.csv'), path.join(project.dir, 'companies.csv'));
    const { planned, applied } = await planThenApply(project, 'sync');
    // Before: "23 to create, 0 to update, 0 unchanged, 0 skipped, 0 conflicts" against "… 2 skipped".
    expect(planned).toBe('23 to create, 0 to update, 0 unchanged, 2 skipped, 0 failed');
    expect(applied).toBe('23 created, 0 updated, 0 unchanged, 2 skipped, 0 failed');
  });

  it('a markdown import with links between files: the plan says which are written again', async () => {
    project = await createProject({
      plugins: ['markdown'],
      pipelines: {
        runbooks: [{ step: 'markdown.import', with: { files: 'runbooks/*.md', organization: 'Acme Corp' } }],
      },
    });
    await project.emulator.admin.insert('organizations', [{ name: 'Acme Corp' }]);
    project.write('runbooks/vpn.md', '# VPN\n\nFirst read [onboarding](onboarding.md).\n');
    project.write('runbooks/onboarding.md', '# Onboarding\n\nThen set up the [VPN](vpn.md).\n');
    project.write('runbooks/printers.md', '# Printers\n\nRestart the spooler.\n');
    const plan = await project.cli(['plan', 'runbooks']);
    expect(plan.stdout).toContain('also: 1 flexible asset type to create');
    expect(plan.stdout.match(/then: updated again later in the run/g)).toHaveLength(2);
    const { planned, applied } = await planThenApply(project, 'runbooks');
    // Before: "4 to create, 0 to update, …" (the type counted as an item) against "3 created, 2 updated".
    expect(planned).toBe(
      '3 to create, 0 to update, 0 unchanged, 0 skipped, 0 failed (up to 2 updated again later in the run)',
    );
    expect(applied).toMatch(
      /^3 created, 0 updated, 0 unchanged, 0 skipped, 0 failed \([12] updated again later in the run\)$/,
    );
  });
});
