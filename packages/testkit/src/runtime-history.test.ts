/**
 * The run history is the Runtime's, not the CLI's: a test engine records watch polls too — each with
 * the events it delivered per hook, and `partial` when a listener failed.
 */
import { afterEach, expect, it } from '@jest/globals';
import { createTestEngine } from './index.js';
import type { TestEngine } from './index.js';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

it('each watch poll is a run of `watch` in the history: events per hook, partial when a listener failed', async () => {
  t = await createTestEngine({ emulator: { generate: { organizations: 2, perOrganization: 0 } } });
  await t.runtime.watch({ once: true, types: ['organizations'] });
  const org = (await t.admin.dump()).organizations![0]!;
  await new Promise((resolve) => setTimeout(resolve, 1100)); // updated-at has second precision
  await t.admin.mutate('organizations', org.id, { name: 'Renamed Holdings' });
  t.runtime.engine.hooks.onOrganizationUpdated.tap('flaky-listener', () => {
    throw new Error('the ticketing system is down');
  });
  const report = await t.runtime.watch({ once: true, types: ['organizations'] });
  expect(report.failed).toBe(1);

  const [failed, baseline] = await t.runtime.state.history.list({ pipeline: 'watch' });
  expect(baseline).toMatchObject({ kind: 'watch', status: 'ok', events: {}, counts: null });
  expect(failed).toMatchObject({
    kind: 'watch',
    status: 'partial',
    events: { onOrganizationUpdated: 1 },
    messages: [{ severity: 'error', reason: expect.stringContaining('not taken by every listener') }],
    requests: { total: expect.any(Number) },
  });
  expect(failed!.requests!.total).toBeGreaterThan(0);
});
