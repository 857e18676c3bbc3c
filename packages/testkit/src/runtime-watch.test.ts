/**
 * `watch` against the emulator: a person changes things "in the web UI" (admin.mutate / remove) and the
 * watcher announces each change exactly once — also across a restart, and again after a listener failed.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createTestEngine } from './index.js';
import type { TestEngine } from './index.js';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 1100)); // updated-at has second precision

async function firstPasswordId(engine: TestEngine): Promise<string> {
  const dump = await engine.admin.dump();
  return String(dump.passwords![0]!.id);
}

describe('watch', () => {
  it('a password changed in the web UI fires onPasswordRotated exactly once, also across a restart', async () => {
    t = await createTestEngine({ emulator: { generate: { organizations: 3, perOrganization: 2 } } });
    const baseline = await t.runtime.watch({ once: true, types: ['passwords', 'organizations'] });
    expect(baseline.events).toEqual([]);
    expect(baseline.baselined).toEqual(['passwords', 'organizations']);

    const id = await firstPasswordId(t);
    await tick();
    await t.admin.mutate('passwords', id, { password: 'n3w-Secr3t-value!' });
    const first = await t.runtime.watch({ once: true, types: ['passwords', 'organizations'] });
    expect(first.events.map((e) => e.hook)).toEqual(['onPasswordRotated']);
    expect(first.events[0]).toMatchObject({ recordId: id, type: 'password', action: 'updated' });
    const rotated = t.eventsOf('onPasswordRotated');
    expect(rotated).toHaveLength(1);
    expect(JSON.stringify(rotated[0])).not.toContain('n3w-Secr3t-value!');
    expect(rotated[0]).toHaveProperty('passwordUpdatedAt');

    // Same process, next poll: nothing new.
    expect((await t.runtime.watch({ once: true, types: ['passwords'] })).events).toEqual([]);
    // A restarted watcher (new runtime over the same state file) does not repeat it either…
    await t.restart();
    expect((await t.runtime.watch({ once: true, types: ['passwords'] })).events).toEqual([]);
    // …but sees the next rotation.
    await tick();
    await t.admin.mutate('passwords', id, { password: 'another-one-42!' });
    const next = await t.runtime.watch({ once: true, types: ['passwords'] });
    expect(next.events.map((e) => e.hook)).toEqual(['onPasswordRotated']);
    expect(t.eventsOf('onPasswordRotated')).toHaveLength(2);
  });

  it('an organization renamed fires onOrganizationUpdated with its changed fields; a non-value password edit is not a rotation', async () => {
    t = await createTestEngine({ emulator: { generate: { organizations: 2, perOrganization: 1 } } });
    await t.runtime.watch({ once: true });
    const dump = await t.admin.dump();
    const org = dump.organizations![0]!;
    await tick();
    await t.admin.mutate('organizations', org.id, { name: 'Renamed Holdings' });
    await t.admin.mutate('passwords', dump.passwords![0]!.id, { notes: 'moved to the new vault' });
    const report = await t.runtime.watch({ once: true });
    const hooks = report.events.map((e) => e.hook).sort();
    expect(hooks).toEqual(['onOrganizationUpdated', 'password:updated']);
    expect(report.events.find((e) => e.hook === 'onOrganizationUpdated')?.changedFields).toContain('name');
    expect(t.eventsOf('onPasswordRotated')).toHaveLength(0);
  });

  it('a listener failure means the event is delivered again on the next poll (at least once)', async () => {
    t = await createTestEngine({ emulator: { generate: { organizations: 2, perOrganization: 1 } } });
    await t.runtime.watch({ once: true, types: ['organizations'] });
    let failNext = true;
    const seen: string[] = [];
    t.runtime.engine.hooks.onOrganizationUpdated.tapPromise('flaky-notifier', async (event) => {
      if (failNext) {
        failNext = false;
        throw new Error('webhook down');
      }
      seen.push(event.id);
    });
    const org = (await t.admin.dump()).organizations![1]!;
    await tick();
    await t.admin.mutate('organizations', org.id, { description: 'new contract' });
    const failed = await t.runtime.watch({ once: true, types: ['organizations'] });
    expect(failed.failed).toBe(1);
    const retried = await t.runtime.watch({ once: true, types: ['organizations'] });
    expect(retried.failed).toBe(0);
    expect(seen).toHaveLength(1);
    // The same change carries the same event id both times: listeners can dedup.
    expect(retried.events[0]!.id).toBe(failed.events[0]!.id);
    expect((await t.runtime.watch({ once: true, types: ['organizations'] })).events).toEqual([]);
  });

  it('deletions from the activity log fire <type>:deleted', async () => {
    t = await createTestEngine({ emulator: { generate: { organizations: 2, perOrganization: 2 } } });
    await t.runtime.watch({ once: true, types: ['configurations'] });
    const configuration = (await t.admin.dump()).configurations![0]!;
    await tick();
    await t.admin.remove('configurations', configuration.id);
    const report = await t.runtime.watch({ once: true, types: ['configurations'] });
    expect(report.events).toEqual([
      expect.objectContaining({ hook: 'configuration:deleted', recordId: String(configuration.id) }),
    ]);
  });

  it('the activity log as IT Glue sends it (integer level, odd entries among real ones) never fails a poll', async () => {
    // A real tenant's /logs page: integer levels (the emulator's too), plus entries of shapes the
    // watcher cannot place and one that is not a resource at all — each skipped with a warning.
    const oddEntries = [
      { id: '9000000000000000001', type: 'logs', attributes: { level: 2, action: 'delete' } },
      {
        id: '9000000000000000002',
        type: 'logs',
        attributes: {
          'created-at': '2026-01-01T00:00:00Z',
          level: 'verbose',
          action: { verb: 'delete' },
          'resource-type': 'Configuration',
        },
      },
      'not a log entry',
    ];
    let served = 0;
    t = await createTestEngine({
      emulator: { generate: { organizations: 2, perOrganization: 2 } },
      rewriteAnswers: [
        {
          path: '/logs',
          rewrite: (body) => {
            const page = body as { data: Array<{ attributes: Record<string, unknown> }> };
            for (const entry of page.data) expect(typeof entry.attributes.level).toBe('number');
            served += page.data.length;
            return { ...page, data: [...oddEntries, ...page.data] };
          },
        },
      ],
    });
    await t.runtime.watch({ once: true, types: ['configurations'] });
    const configuration = (await t.admin.dump()).configurations![0]!;
    await tick();
    await t.admin.remove('configurations', configuration.id);
    const report = await t.runtime.watch({ once: true, types: ['configurations'] });
    expect(served).toBeGreaterThan(0);
    expect(report.events).toEqual([
      expect.objectContaining({ hook: 'configuration:deleted', recordId: String(configuration.id) }),
    ]);
    expect(report.skipped).toBe(2);
    expect(
      t.logs.some(
        (l) => l.level === 'warn' && /2 activity-log entries of an unknown shape skipped/.test(l.message),
      ),
    ).toBe(true);
    expect(t.logs.some((l) => l.level === 'warn' && /logs\.\(record\)/.test(l.message))).toBe(true);
    // The next poll announces nothing again.
    expect((await t.runtime.watch({ once: true, types: ['configurations'] })).events).toEqual([]);
  });

  it('rejects an unknown type with the list of watchable ones', async () => {
    t = await createTestEngine();
    await expect(t.runtime.watch({ once: true, types: ['tickets'] })).rejects.toMatchObject({
      code: 'EWATCH_TYPES',
      hint: expect.stringContaining('passwords'),
    });
  });
});
