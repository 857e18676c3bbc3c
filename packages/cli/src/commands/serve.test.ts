/**
 * `glueflow serve` end to end, as the demo shows it: the emulator, `glueflow serve`, a rotated password
 * and a curl of the webhook — onPasswordRotated fires once, a repeated delivery and the next
 * `glueflow watch` fire nothing more, and SIGTERM stops it with exit 0.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@glueflow/testkit';
import { Capture, createProject } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';

const TOKEN = 'demo-hook-token-7c41d2';
let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

describe('glueflow serve', () => {
  it('--print-itglue-template prints the Workflow webhook body, its placeholders marked', async () => {
    project = await createProject(null, { generate: { organizations: 1, perOrganization: 0 } });
    const printed = await project.cli(['serve', '--print-itglue-template']);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({
      source: 'itglue-workflow',
      resource_type: 'password',
    });
    expect(printed.stdout).toContain('{{REPLACE');
    expect(printed.stderr).toContain('/hooks/itglue/<serve.itglue.token>');
  });

  it('reacts to a rotated password within seconds: one event, none for a replay or the next watch; SIGTERM exits 0', async () => {
    project = await createProject(
      { serve: { itglue: { token: { env: 'GLUEFLOW_HOOK_TOKEN' } } } },
      { generate: { organizations: 2, perOrganization: 2 } },
    );
    const env = { GLUEFLOW_HOOK_TOKEN: TOKEN };
    expect((await project.cli(['watch', '--once', '--types', 'passwords'], { env })).code).toBe(0);

    const controller = new AbortController();
    const stdout = new Capture();
    const stderr = new Capture();
    const serving = project.cli(['serve', '--port', '0'], { env, signal: controller.signal, stdout, stderr });
    const url = await waitFor(
      () => /glueflow serve on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr.text)?.[1],
      'serve',
    );
    expect(stderr.text).toContain('IT Glue webhooks: POST /hooks/itglue/<token>');

    const password = (await project.emulator.admin.dump()).passwords![0]!;
    await new Promise((resolve) => setTimeout(resolve, 1100)); // updated-at has second precision
    await project.emulator.admin.mutate('passwords', password.id, { password: 'demo-N3w-secret!' });
    const curl = () =>
      fetch(`${url}/hooks/itglue/${TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ resource_type: 'password', id: password.id, trigger: 'Password updated' }),
      });
    const started = Date.now();
    expect((await curl()).status).toBe(202);
    await waitFor(() => (stdout.text.includes('onPasswordRotated') ? true : undefined), 'the event');
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await curl()).status).toBe(202);
    const metrics = () => fetch(`${url}/metrics`).then((r) => r.text());
    await waitFor(
      async () => ((await metrics()).includes('result="unchanged"} 1') ? true : undefined),
      'the replay',
    );

    controller.abort('SIGTERM');
    const stopped = await serving;
    expect(stopped.code).toBe(0);
    expect(stopped.stdout.match(/onPasswordRotated/g)).toHaveLength(1);
    expect(stopped.stdout).toContain(`#${password.id}`);
    expect(stopped.stderr).toContain('stopped');
    expect(stopped.stdout + stopped.stderr).not.toContain('demo-N3w-secret!');

    const poll = await project.cli(['watch', '--once', '--json', '--types', 'passwords'], { env });
    expect(poll.json()).toEqual({ events: [], skipped: 0 });
  });

  it('refuses a non-loopback host without --allow-remote, with the fix', async () => {
    project = await createProject(null, { generate: { organizations: 1, perOrganization: 0 } });
    const refused = await project.cli(['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('ESERVE_REMOTE_HOST');
    expect(refused.stderr).toContain('--allow-remote');
  });
});
