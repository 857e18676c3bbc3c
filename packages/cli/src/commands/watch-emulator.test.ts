/** `glueflow watch` and `glueflow emulator` against real HTTP on loopback. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { Capture, createProject, invoke } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

interface WatchJson {
  events: Array<{ hook: string; id: string; type: string; action: string; recordId: string; at: string }>;
  skipped: number;
}

describe('glueflow watch', () => {
  it('--once --json: the first poll sets the baseline, the next reports a rotated password once', async () => {
    project = await createProject(null, { generate: { organizations: 2, perOrganization: 2 } });
    const watch = () => project!.cli(['watch', '--once', '--json', '--types', 'passwords', 'organizations']);
    const baseline = await watch();
    expect(baseline.code).toBe(0);
    expect(baseline.json<WatchJson>()).toEqual({ events: [], skipped: 0 });

    const dump = await project.emulator.admin.dump();
    const password = dump.passwords![0]!;
    await project.emulator.admin.mutate('passwords', password.id, { password: 'n3w-v4lue-never-printed' });
    const org = dump.organizations![0]!;
    await project.emulator.admin.mutate('organizations', org.id, { description: 'moved offices' });

    const changed = await watch();
    expect(changed.code).toBe(0);
    expect(changed.stdout).not.toContain('n3w-v4lue-never-printed');
    const events = changed.json<WatchJson>().events;
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          hook: 'onPasswordRotated',
          type: 'password',
          action: 'updated',
          recordId: password.id,
        }),
        expect.objectContaining({ hook: 'onOrganizationUpdated', type: 'organization', recordId: org.id }),
      ]),
    );
    expect(Object.keys(events[0]!)).toEqual(expect.arrayContaining(['hook', 'id', 'type', 'recordId', 'at']));
    expect(events.filter((e) => e.hook === 'onPasswordRotated')).toHaveLength(1);

    const quiet = await watch();
    expect(quiet.json<WatchJson>()).toEqual({ events: [], skipped: 0 });
  });

  it('prints one line per event for people, and stops on the signal', async () => {
    project = await createProject(null, { generate: { organizations: 1, perOrganization: 1 } });
    await project.cli(['watch', '--once', '--types', 'organizations']);
    const org = (await project.emulator.admin.dump()).organizations![0]!;
    await project.emulator.admin.mutate('organizations', org.id, { description: 'new address' });
    const once = await project.cli(['watch', '--once', '--types', 'organizations']);
    expect(once.code).toBe(0);
    expect(once.stdout).toMatch(/onOrganizationUpdated {2}#\d+ ".+" \(description\)/);

    const controller = new AbortController();
    const running = project.cli(['watch', '--interval', '1s', '--types', 'organizations'], {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 300);
    const stopped = await running;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain('poll 1: 0 event(s)');
  });

  it('bad flags are usage errors', async () => {
    project = await createProject(null);
    expect((await project.cli(['watch', '--interval', 'soon'])).code).toBe(64);
    expect((await project.cli(['watch', '--interval', '10ms'])).code).toBe(64);
    const types = await project.cli(['watch', '--types', 'widgets']);
    expect(types.code).toBe(64);
    expect(types.stderr).toContain('unknown type widgets');
  });
});

describe('glueflow emulator', () => {
  it('serves the IT Glue API with seed data until the signal, then exits 0', async () => {
    const controller = new AbortController();
    const stdout = new Capture();
    const running = invoke(['emulator', '--port', '0', '--generate', '2,1', '--api-key', 'ITG.sandbox'], {
      signal: controller.signal,
      stdout,
    });
    let url: string | undefined;
    for (let i = 0; i < 200 && !url; i++) {
      url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout.text)?.[1];
      if (!url) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(url).toBeDefined();
    const response = await fetch(`${url}/organizations`, { headers: { 'x-api-key': 'ITG.sandbox' } });
    expect(response.status).toBe(200);
    // Two generated organizations, plus the clients examples/glueflow.config.mjs names.
    const names = ((await response.json()) as { data: Array<{ attributes: { name: string } }> }).data.map(
      (o) => o.attributes.name,
    );
    expect(names).toHaveLength(5);
    expect(names).toEqual(expect.arrayContaining(['Acme Corp', 'Globex', 'Initech']));
    expect(stdout.text).toContain(`export ITGLUE_API_URL=${url} ITGLUE_API_KEY=ITG.sandbox`);
    controller.abort();
    expect((await running).code).toBe(0);
  });

  it('bad options are usage errors', async () => {
    expect((await invoke(['emulator', '--port', 'x'])).code).toBe(64);
    expect((await invoke(['emulator', '--rate', 'fast'])).code).toBe(64);
    const faults = await invoke(['emulator', '--faults', 'gremlins:0.5']);
    expect(faults.code).toBe(64);
    expect(faults.stderr).toContain('--faults');
  });
});
