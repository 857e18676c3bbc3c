/** `glueflow health`: key, latency, circuit, budget, cache, and the 80-day idle-key warning. */
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { keyIdOf, StateStore } from '@glueflow/core';
import { createProject, normalize } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

interface Health {
  status: string;
  healthy: boolean;
  apiKey: { valid: boolean | null; source: string; lastSuccessAt: string | null; idleDays: number | null };
  warnings: string[];
}

async function setLastSuccess(home: string, at: Date) {
  const state = await StateStore.open({ file: path.join(home, 'default.sqlite') });
  await state
    .forPlugin('glueflow')
    .bookmarks.set(`api-key-last-success:${keyIdOf('ITG.emulator')}`, at.toISOString());
  await state.close();
}

describe('glueflow health', () => {
  it('reports a healthy instance and exits 0', async () => {
    project = await createProject(null);
    const result = await project.cli(['health', '--json']);
    expect(result.code).toBe(0);
    const health = result.json<Health & Record<string, unknown>>();
    expect(Object.keys(health)).toEqual([
      'status',
      'healthy',
      'instance',
      'baseUrl',
      'apiKey',
      'latencyMs',
      'circuit',
      'budget',
      'cache',
      'warnings',
    ]);
    expect(health).toMatchObject({
      status: 'ok',
      healthy: true,
      instance: 'default',
      baseUrl: project.emulator.url,
      apiKey: { valid: true, source: 'ITGLUE_API_KEY', lastSuccessAt: null, idleDays: null },
      circuit: { state: 'closed', consecutiveFailures: 0 },
      warnings: [],
    });
    expect(typeof health.latencyMs).toBe('number');
    expect(JSON.stringify(health)).not.toContain('ITG.emulator');
  });

  it('prints a human report', async () => {
    project = await createProject(null);
    const result = await project.cli(['health']);
    expect(result.code).toBe(0);
    expect(normalize(result.stdout, project).replace(/\d+ KiB/, '<n> KiB')).toMatchSnapshot();
  });

  it('exits 1 when IT Glue rejects the key', async () => {
    project = await createProject(null);
    const result = await project.cli(['health', '--json'], { env: { ITGLUE_API_KEY: 'ITG.revoked' } });
    expect(result.code).toBe(1);
    expect(result.json<Health & { error: { code: string } }>()).toMatchObject({
      healthy: false,
      apiKey: { valid: false },
      error: { code: 'EITGLUE_FORBIDDEN' },
    });
    const human = await project.cli(['health'], { env: { ITGLUE_API_KEY: 'ITG.revoked' } });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('is unhealthy');
    expect(human.stdout).toContain('EITGLUE_FORBIDDEN');
  });

  it('warns when the key went unused for 80 days, and remembers this successful use', async () => {
    project = await createProject(null);
    await setLastSuccess(project.home, new Date(Date.now() - 85 * 86_400_000));
    const result = await project.cli(['health', '--json']);
    expect(result.code).toBe(0);
    const health = result.json<Health>();
    expect(health.apiKey.idleDays).toBe(85);
    expect(health.warnings).toEqual([expect.stringContaining('had not been used successfully for 85 days')]);
    expect(health.warnings[0]).toContain('revokes keys after 90 idle days');

    const next = await project.cli(['health', '--json']);
    expect(next.json<Health>().apiKey.idleDays).toBe(0);
    expect(next.json<Health>().warnings).toEqual([]);
  });

  it('works while a pipeline is broken: checking the key needs no plugins', async () => {
    project = await createProject({ pipelines: { broken: [{ step: 'no.such-step' }] } });
    expect((await project.cli(['health'])).code).toBe(0);
    expect((await project.cli(['auth', 'test'])).code).toBe(0);
    expect((await project.cli(['run', 'broken'])).code).toBe(78);
  });

  it('a rejected key does not count as a successful use', async () => {
    project = await createProject(null);
    await project.cli(['health'], { env: { ITGLUE_API_KEY: 'ITG.revoked' } });
    const result = await project.cli(['health', '--json']);
    expect(result.json<Health>().apiKey.lastSuccessAt).toBeNull();
  });
});
