/**
 * `glueflow cache stats|refresh|clear` and `glueflow search` with GLUEFLOW_REDIS_URL: they show and
 * change the cache every worker shares. Two machines are two GLUEFLOW_HOMEs on one Redis; the second
 * has no local file at all and still sees what the first pulled.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startRedisServer } from '@glueflow/testkit';
import type { RunningRedis } from '@glueflow/testkit';
import { createProject } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => redis.stop());

let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

type Stats = { exists: boolean; file: string; entries: Record<string, number> };

describe('glueflow cache on Redis', () => {
  it('stats, clear and search on a second machine work on what the first pulled', async () => {
    project = await createProject(null, { generate: { organizations: 3, perOrganization: 0 } });
    await project.emulator.admin.insert('organizations', [{ name: 'Shared Findable Org' }]);
    const first = { GLUEFLOW_REDIS_URL: redis.url };
    const second = { ...first, GLUEFLOW_HOME: path.join(project.dir, '.home-2'), ITGLUE_API_KEY: undefined };

    const refreshed = await project.cli(['cache', 'refresh', '--json'], { env: first });
    expect(refreshed.code).toBe(0);
    const pulled = refreshed.json<{ refreshed: Array<{ type: string; count: number }> }>().refreshed;
    const organizations = pulled.find((report) => report.type === 'organizations')!.count;
    expect(organizations).toBe(4);

    const before = project.emulator.admin.stats().requests.total;
    const stats = (await project.cli(['cache', 'stats', '--json'], { env: second })).json<Stats>();
    expect(stats).toMatchObject({ exists: true, entries: { organizations } });
    expect(stats.file).toMatch(/^redis:\/\/127\.0\.0\.1:\d+ glueflow:\{default\}:cache$/);
    const human = await project.cli(['cache', 'stats'], { env: second });
    expect(human.stdout).toMatch(/KiB in Redis/);

    // A machine's search index is built from the shared cache when its file is created …
    const search = async (text: string) =>
      (await project!.cli(['search', text, '--json'], { env: second }))
        .json<{ hits: Array<{ name: string }> }>()
        .hits.map((hit) => hit.name);
    expect(await search('findable')).toEqual(['Shared Findable Org']);
    expect(project.emulator.admin.stats().requests.total).toBe(before); // no key, no request: Redis only
    // … and then holds what this machine wrote, until a refresh of all types rebuilds it.
    await project.emulator.admin.insert('organizations', [{ name: 'Later Findable Org' }]);
    await project.cli(['cache', 'refresh', 'organizations'], { env: first });
    expect(await search('later')).toEqual([]);
    await project.cli(['cache', 'refresh'], { env: { ...second, ITGLUE_API_KEY: 'ITG.emulator' } });
    expect(await search('later')).toEqual(['Later Findable Org']);

    const cleared = await project.cli(['cache', 'clear', 'organizations'], { env: second });
    expect(cleared.stdout).toContain('from the cache every worker shares');
    const after = (await project.cli(['cache', 'stats', '--json'], { env: first })).json<Stats>();
    expect(after.entries.organizations).toBe(0);
    expect(fs.existsSync(path.join(project.home, 'default.sqlite'))).toBe(true); // the first machine's index file

    // A corrupt file on this machine held its search index only: deleted, and the shared cache cleared as asked.
    await project.cli(['cache', 'refresh', 'organizations'], { env: first });
    fs.writeFileSync(path.join(second.GLUEFLOW_HOME, 'default.sqlite'), Buffer.alloc(8192, 0x5a));
    const corrupt = await project.cli(['cache', 'clear'], { env: second });
    expect(corrupt.stdout).toContain("held this machine's search index only");
    const emptied = (await project.cli(['cache', 'stats', '--json'], { env: first })).json<Stats>();
    expect(emptied.entries.organizations).toBe(0);
  });
});
