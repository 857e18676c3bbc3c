/**
 * IT Glue Workflow webhooks over real HTTP: serve on 127.0.0.1:0, the emulator behind the runtime.
 * A password rotated "in the web UI" and hinted by a webhook fires onPasswordRotated once — not again
 * for a replayed delivery, not again for the watch poll that follows — and bad input never fires.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import { startServe } from './index.js';
import type { RunningServe } from './index.js';

const TOKEN = 'hook-token-9f3a1c7e5b';
let t: TestEngine | undefined;
let s: RunningServe | undefined;
afterEach(async () => {
  await s?.stop();
  await t?.close();
  s = t = undefined;
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 1100)); // updated-at has second precision

async function start(config: Record<string, unknown> = {}) {
  t = await createTestEngine({
    emulator: { generate: { organizations: 2, perOrganization: 2 } },
    env: { GLUEFLOW_HOOK_TOKEN: TOKEN },
  });
  await t.runtime.watch({ once: true, types: ['passwords'] }); // the baseline serve compares with
  s = await startServe({
    runtime: t.runtime,
    port: 0,
    config: { itglue: { token: { env: 'GLUEFLOW_HOOK_TOKEN' } }, ...config },
  });
  return { t, s };
}

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${s!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

describe('POST /hooks/itglue/<token>', () => {
  it('a rotated password fires onPasswordRotated once: a replay and the next watch poll fire nothing more', async () => {
    const { t, s } = await start();
    const password = (await t.admin.dump()).passwords![0]!;
    await tick();
    await t.admin.mutate('passwords', password.id, { password: 'r0tated-Secret-77!' });
    const hint = JSON.stringify({
      source: 'itglue-workflow',
      trigger: 'Password updated',
      url: `https://acme.itglue.com/${String(password.attributes['organization-id'])}/passwords/${password.id}`,
    });

    const first = await post(`/hooks/itglue/${TOKEN}`, hint);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ accepted: true, type: 'passwords', id: String(password.id) });
    await s.queue.idle();
    expect(t.eventsOf('onPasswordRotated')).toHaveLength(1);
    const fired = t.eventsOf('onPasswordRotated')[0]!;
    expect(fired).toMatchObject({ recordId: String(password.id), source: 'watch' });

    expect((await post(`/hooks/itglue/${TOKEN}`, hint)).status).toBe(202); // IT Glue's retry
    await s.queue.idle();
    expect(t.eventsOf('onPasswordRotated')).toHaveLength(1);

    const poll = await t.runtime.watch({ once: true, types: ['passwords'] });
    expect(poll.events).toEqual([]);
    expect(t.eventsOf('onPasswordRotated')).toHaveLength(1);

    // The event the webhook fired has the id the poll would have given it: rotate again, let the poll
    // find it first, then the webhook for the same change fires nothing.
    await tick();
    await t.admin.mutate('passwords', password.id, { password: 'and-again-88!' });
    const found = await t.runtime.watch({ once: true, types: ['passwords'] });
    expect(found.events.map((e) => e.hook)).toEqual(['onPasswordRotated']);
    expect(found.events[0]!.id).not.toBe(fired.id);
    await post(`/hooks/itglue/${TOKEN}`, hint);
    await s.queue.idle();
    expect(t.eventsOf('onPasswordRotated')).toHaveLength(2);
    expect(JSON.stringify(t.logs)).not.toContain('r0tated-Secret-77!');

    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/glueflow_webhook_deliveries_total\{source="itglue",outcome="queued"\} 3/);
    expect(metrics).toMatch(/glueflow_webhook_rechecks_total\{source="itglue",result="fired"\} 1/);
    expect(metrics).toMatch(/glueflow_webhook_rechecks_total\{source="itglue",result="unchanged"\} 2/);
  });

  it('a wrong token is a 404, counted and logged once, and the token is never logged', async () => {
    const { t, s } = await start();
    for (let i = 0; i < 3; i++) {
      const refused = await post(
        `/hooks/itglue/not-the-token-${i}`,
        '{"id": 1, "resource_type": "password"}',
      );
      expect(refused.status).toBe(404);
    }
    expect((await post('/hooks/itglue/', '{}')).status).toBe(404);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/glueflow_webhook_deliveries_total\{source="itglue",outcome="rejected"\} 4/);
    const lines = t.logs.filter((line) => line.message.includes('wrong token'));
    expect(lines).toHaveLength(1);
    // Good deliveries log too; neither kind carries a token.
    await post(`/hooks/itglue/${TOKEN}`, '{"resource_type": "password", "id": "1"}');
    await s.queue.idle();
    const logText = JSON.stringify(t.logs);
    expect(logText).not.toContain(TOKEN);
    expect(logText).not.toContain('not-the-token');
  });

  it('bad input: 413 over the size limit, 400 for broken JSON, 202 + warning for unknown shapes, nothing fired for a missing record', async () => {
    const { t, s } = await start({ bodyLimitBytes: 1024 });
    const big = await post(`/hooks/itglue/${TOKEN}`, JSON.stringify({ pad: 'x'.repeat(2000) }));
    expect(big.status).toBe(413);
    const broken = await post(`/hooks/itglue/${TOKEN}`, '{"id": 12, ');
    expect(broken.status).toBe(400);

    for (const body of [
      '[1,2]',
      '{"hello": "world"}',
      '{"resource_type": "spaceship", "id": "4"}',
      '"text"',
    ]) {
      const odd = await post(`/hooks/itglue/${TOKEN}`, body);
      expect(odd.status).toBe(202);
      expect(await odd.json()).toMatchObject({ accepted: false, warning: expect.any(String) });
    }
    const document = await post(`/hooks/itglue/${TOKEN}`, '{"resource_type": "document", "id": "5"}');
    expect(await document.json()).toMatchObject({
      accepted: false,
      warning: expect.stringContaining('not watched'),
    });

    const missing = await post(`/hooks/itglue/${TOKEN}`, '{"resource_type": "password", "id": "987654321"}');
    expect(missing.status).toBe(202);
    await s.queue.idle();
    expect(t.events).toHaveLength(0);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/glueflow_webhook_rechecks_total\{source="itglue",result="not-found"\} 1/);
    expect(metrics).toMatch(/glueflow_webhook_deliveries_total\{source="itglue",outcome="ignored"\} 5/);
    expect(t.logs.some((line) => line.level === 'warn' && line.message.includes('webhook ignored'))).toBe(
      true,
    );
  });

  it('a full queue answers 503 with Retry-After; a hint for a record already waiting is not queued twice', async () => {
    const { t, s } = await start({ queueSize: 1 });
    const passwords = (await t.admin.dump()).passwords!;
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    t.runtime.engine.hooks.onPasswordRotated.tapPromise('slow-listener', () => blocked);
    await tick();
    await t.admin.mutate('passwords', passwords[0]!.id, { password: 'slow-1-Secret!' });
    const hint = (id: unknown) => JSON.stringify({ resource_type: 'password', id: String(id) });
    expect((await post(`/hooks/itglue/${TOKEN}`, hint(passwords[0]!.id))).status).toBe(202); // being worked on
    expect((await post(`/hooks/itglue/${TOKEN}`, hint(passwords[1]!.id))).status).toBe(202); // waits
    expect((await post(`/hooks/itglue/${TOKEN}`, hint(passwords[1]!.id))).status).toBe(202); // duplicate
    const full = await post(`/hooks/itglue/${TOKEN}`, hint(passwords[2]!.id));
    expect(full.status).toBe(503);
    expect(full.headers.get('retry-after')).toBe('5');
    release();
    await s.queue.idle();
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/outcome="duplicate"\} 1/);
    expect(metrics).toMatch(/outcome="overflow"\} 1/);
  });

  it('serve.watch polls continuously; a webhook for a change the poll already announced fires nothing', async () => {
    t = await createTestEngine({
      emulator: { generate: { organizations: 1, perOrganization: 2 } },
      env: { GLUEFLOW_HOOK_TOKEN: TOKEN },
    });
    s = await startServe({
      runtime: t.runtime,
      port: 0,
      config: {
        itglue: { token: { env: 'GLUEFLOW_HOOK_TOKEN' } },
        watch: { every: '1s', types: ['passwords'] },
      },
    });
    const polls = () => t!.runtime.state.history.list({ pipeline: 'watch' });
    const waitFor = async (done: () => Promise<boolean> | boolean) => {
      for (const deadline = Date.now() + 8000; !(await done());) {
        if (Date.now() > deadline) throw new Error('timed out');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await waitFor(async () => (await polls()).length >= 1); // the baseline
    const password = (await t.admin.dump()).passwords![0]!;
    await tick();
    await t.admin.mutate('passwords', password.id, { password: 'polled-Secret-1!' });
    await waitFor(() => t!.eventsOf('onPasswordRotated').length === 1);
    const hinted = await post(
      `/hooks/itglue/${TOKEN}`,
      JSON.stringify({ resource_type: 'password', id: password.id }),
    );
    expect(hinted.status).toBe(202);
    await s.queue.idle();
    expect(t.eventsOf('onPasswordRotated')).toHaveLength(1);
    const stopped = await s.stop();
    expect(stopped.drained).toBe(true);
    s = undefined;
  });
});
