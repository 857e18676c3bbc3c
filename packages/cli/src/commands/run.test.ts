/** `glueflow run` through the programmatic entry against the emulator: exit codes, JSON, human output. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  Capture,
  companies,
  createProject,
  normalize,
  nightlyConfig as nightly,
} from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';
import { memoryKeychain } from '../session/keychain.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

describe('glueflow run', () => {
  it('two runs of one pipeline at once: the second is refused (EPIPELINE_BUSY), or queues with --wait; never a duplicate', async () => {
    project = await createProject(nightly(companies(20)), { latencyMs: 40 });
    // Started together: whichever takes the lock first runs, the other is refused at once.
    const results = await Promise.all([
      project.cli(['run', 'nightly', '--json']),
      project.cli(['run', 'nightly', '--json']),
    ]);
    expect(results.map((r) => r.code).sort()).toEqual([0, 1]);
    const refused = results.find((r) => r.code === 1)!;
    expect(refused.stderr).toMatch(
      /EPIPELINE_BUSY pipeline nightly is already running: pid \d+ on .+, started /,
    );
    expect(refused.stderr).toContain('--wait');
    expect(refused.json()).toMatchObject({ error: { code: 'EPIPELINE_BUSY' } });

    // Queued: both finish, one after the other, and the records exist once.
    project.write('.glueflowrc.json', JSON.stringify(nightly(companies(20, ' v2')), null, 2));
    const [a, b] = await Promise.all([
      project.cli(['run', 'nightly', '--json', '--wait', '60s']),
      project.cli(['run', 'nightly', '--json', '--wait', '60s']),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const names = (await project.emulator.admin.dump())
      .organizations!.map((o) => String(o.attributes.name))
      .filter((name) => name.startsWith('Company '));
    expect(names).toHaveLength(20);
    expect(new Set(names).size).toBe(20);
  });

  it('prints the JSON summary of DESIGN.md §7, and an unchanged re-run writes nothing', async () => {
    project = await createProject(nightly(companies(3)));
    const first = await project.cli(['run', 'nightly', '--json']);
    expect(first.code).toBe(0);
    const summary = first.json();
    expect(Object.keys(summary)).toEqual([
      'pipeline',
      'dryRun',
      'status',
      'counts',
      'requests',
      'warnings',
      'events',
      'messages',
      'durationMs',
    ]);
    expect(summary).toMatchObject({
      pipeline: 'nightly',
      dryRun: false,
      status: 'ok',
      counts: { created: 3, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
      events: { 'organization:created': 3 },
      messages: [],
    });
    expect(Object.keys(summary.requests as object)).toEqual(['total', 'retries', 'rateLimited']);
    expect(typeof summary.durationMs).toBe('number');

    project.emulator.admin.resetStats();
    const again = await project.cli(['run', 'nightly', '--json']);
    expect(again.code).toBe(0);
    expect(again.json()).toMatchObject({ counts: { created: 0, unchanged: 3 } });
    expect(project.emulator.admin.stats().writesApplied).toBe(0);
  });

  it('reports in plain lines on a pipe: per step counts, events, requests', async () => {
    project = await createProject(nightly(companies(2)));
    const result = await project.cli(['run', 'nightly']);
    expect(result.code).toBe(0);
    expect(normalize(result.stdout, project)).toMatchSnapshot();
    // Progress goes to stderr, never into the result on stdout.
    expect(result.stderr).toContain('→ orgs.sync');
  });

  it('--dry-run shows the plan with field diffs and writes nothing', async () => {
    project = await createProject(nightly(companies(2)));
    await project.cli(['run', 'nightly']);
    project.write(
      '.glueflowrc.json',
      JSON.stringify(
        nightly([{ key: 'c:1', name: 'Company 1', description: 'VIP' }, ...companies(3).slice(1)]),
      ),
    );
    project.emulator.admin.resetStats();
    const dry = await project.cli(['run', 'nightly', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(project.emulator.admin.stats().writesApplied).toBe(0);
    expect(normalize(dry.stdout, project)).toMatchSnapshot();
  });

  it('exits 2 when some items failed, naming each in the messages', async () => {
    project = await createProject(nightly([...companies(2), { key: 'c:bad' }]));
    const result = await project.cli(['run', 'nightly', '--json']);
    expect(result.code).toBe(2);
    const summary = result.json<{
      status: string;
      counts: { created: number; failed: number };
      messages: object[];
    }>();
    expect(summary.status).toBe('partial');
    expect(summary.counts).toMatchObject({ created: 2, failed: 1 });
    expect(summary.messages).toEqual([
      expect.objectContaining({
        severity: 'error',
        item: 'c:bad',
        reason: expect.stringContaining('has no name'),
      }),
    ]);
    const human = await project.cli(['run', 'nightly']);
    expect(human.code).toBe(2);
    expect(human.stdout).toContain('✗ c:bad');
  });

  it('exits 78 for an unknown pipeline, listing the known ones', async () => {
    project = await createProject(nightly(companies(1)));
    const result = await project.cli(['run', 'weekly']);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('ECONFIG_UNKNOWN_PIPELINE no pipeline named "weekly"');
    expect(result.stderr).toContain('pipelines in this config: nightly');
  });

  it('exits 78 with every config problem, each with file and key path', async () => {
    project = await createProject({ ...nightly(companies(1)), rateLimit: { requests: -1 }, colour: true });
    const result = await project.cli(['run', 'nightly']);
    expect(result.code).toBe(78);
    expect(normalize(result.stderr, project)).toMatchSnapshot();
    const json = await project.cli(['run', 'nightly', '--json']);
    expect(json.json<{ error: { code: string; problems: unknown[] } }>().error).toMatchObject({
      code: 'ECONFIG_INVALID',
      problems: [
        expect.objectContaining({ path: 'rateLimit.requests' }),
        expect.objectContaining({ path: 'colour' }),
      ],
    });
  });

  it('exits 78 when a step has unknown options (checked before any IT Glue call)', async () => {
    project = await createProject({
      pipelines: { docs: [{ step: 'markdown.import', with: { filez: '*.md' } }] },
      plugins: ['markdown'],
    });
    const result = await project.cli(['run', 'docs']);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('pipelines.docs[0].with.filez');
    expect(project.emulator.admin.stats().requests.total).toBe(0);
  });

  it('exits 1 without an API key, naming both places it looked', async () => {
    project = await createProject(nightly(companies(1)));
    const result = await project.cli(['run', 'nightly'], {
      env: { ITGLUE_API_KEY: undefined },
      keychain: memoryKeychain(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('EITGLUE_NO_API_KEY');
    expect(result.stderr).toContain('glueflow auth set');
  });

  it('exits 1 when IT Glue rejects the key, without printing it', async () => {
    project = await createProject(nightly(companies(1)));
    const result = await project.cli(['run', 'nightly', '--json'], {
      env: { ITGLUE_API_KEY: 'ITG.wrong-key-123' },
    });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain('wrong-key-123');
    expect(result.json()).toMatchObject({ counts: { created: 0, failed: 1 } });
  });

  it('usage errors exit 64', async () => {
    project = await createProject(nightly(companies(1)));
    expect((await project.cli(['run'])).code).toBe(64);
    expect((await project.cli(['run', 'nightly', '--bogus'])).code).toBe(64);
    const both = await project.cli(['run', 'nightly', '--full', '--dry-run']);
    expect(both.code).toBe(64);
    expect(both.stderr).toContain('--full and --dry-run cannot be combined');
  });

  it('--full forgets the bookmarks of the pipeline’s plugins, then runs', async () => {
    project = await createProject(nightly(companies(1)));
    await project.cli(['run', 'nightly']);
    const { StateStore } = await import('@glueflow/core');
    const file = path.join(project.home, 'default.sqlite');
    const state = await StateStore.open({ file });
    await state.forPlugin('glueflow-plugin-cli-fixture').bookmarks.set('cursor', '2024-01-01');
    await state.close();
    const result = await project.cli(['run', 'nightly', '--full']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('forgot 1 bookmark(s) and 0 watermark(s) of glueflow-plugin-cli-fixture');
    const after = await StateStore.open({ file });
    expect(await after.forPlugin('glueflow-plugin-cli-fixture').bookmarks.get('cursor')).toBeUndefined();
    await after.close();
  });

  it('--log-file and --verbose write JSON log lines with the API key masked', async () => {
    project = await createProject(nightly(companies(2)));
    const key = 'ITG.emulator';
    const result = await project.cli(['run', 'nightly', '--log-file', 'run.log', '--verbose']);
    expect(result.code).toBe(0);
    const log = fs.readFileSync(path.join(project.dir, 'run.log'), 'utf8');
    expect(log.split('\n').filter(Boolean).length).toBeGreaterThan(3);
    for (const line of log.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
    expect(log).not.toContain(key);
    expect(result.stderr).toContain('"level":"debug"');
    expect(result.stderr).not.toContain(key);
  });

  it('shows progress bars on a terminal, not plain lines', async () => {
    project = await createProject(nightly(companies(3)));
    const stderr = new Capture(true);
    const result = await project.cli(['run', 'nightly'], { stderr });
    expect(result.code).toBe(0);
    expect(stderr.text).toMatch(/orgs\.sync \[[█░]+\] \d\/3/);
    expect(stderr.text).not.toContain('→ orgs.sync');
    const ci = new Capture(true);
    await project.cli(['run', 'nightly'], { stderr: ci, env: { CI: 'true' } });
    expect(ci.text).toContain('→ orgs.sync');
  });

  it('--quiet keeps stderr free of progress', async () => {
    project = await createProject(nightly(companies(1)));
    const result = await project.cli(['run', 'nightly', '--quiet']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});
