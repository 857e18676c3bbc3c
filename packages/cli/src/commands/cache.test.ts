/** `glueflow cache stats|refresh|search|clear` against the emulator's generated data. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createProject } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

const noKey = { ITGLUE_API_KEY: undefined };
type Stats = { exists: boolean; entries: Record<string, number>; lastRefresh: Record<string, string | null> };

describe('glueflow cache', () => {
  it('stats before anything ran says so, without needing a key', async () => {
    project = await createProject(null);
    const result = await project.cli(['cache', 'stats'], { env: noKey });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No cache yet for instance "default"');
    expect((await project.cli(['cache', 'stats', '--json'], { env: noKey })).json()).toMatchObject({
      exists: false,
    });
  });

  it('refresh --sections reads each document’s sections (one request each) and reports the count', async () => {
    project = await createProject(null);
    const admin = project.emulator.admin;
    const orgs = await admin.insert('organizations', [{ name: 'Ostrava' }, { name: 'Brno' }]);
    const docIds = await admin.insert(
      'documents',
      orgs.map((org, n) => ({ 'organization-id': org, name: `Runbook ${n}` })),
    );
    await admin.insert('document_sections', [
      { 'document-id': docIds[0], 'resource-type': 'Document::Text', content: 'one', sort: 1 },
      { 'document-id': docIds[0], 'resource-type': 'Document::Text', content: 'two', sort: 2 },
      { 'document-id': docIds[1], 'resource-type': 'Document::Heading', content: 'three', sort: 1 },
    ]);
    const dump = await admin.dump();
    const documents = (dump.documents ?? []).filter((d) => d.attributes['is-uploaded'] !== true);
    const sections = dump['document-sections'] ?? [];
    expect(documents.length).toBeGreaterThan(0);
    expect(sections.length).toBeGreaterThan(0);
    const before = project.emulator.admin.stats().requests.total;
    const refreshed = await project.cli(['cache', 'refresh', 'documents', '--sections', '--json']);
    expect(refreshed.code).toBe(0);
    const json = refreshed.json<{ sections: { documents: number; sections: number; missing: number } }>();
    expect(json.sections).toMatchObject({
      documents: documents.length,
      sections: sections.length,
      missing: 0,
    });
    // The documents' listing (organizations, then one per organization) plus one per document.
    expect(project.emulator.admin.stats().requests.total - before).toBe(1 + 2 + documents.length);
    const human = await project.cli(['cache', 'refresh', 'documents', '--sections']);
    expect(human.stdout).toContain(
      `document sections: ${sections.length} section(s) of ${documents.length} document(s) indexed (${documents.length} request(s))`,
    );
    const help = await project.cli(['cache', 'refresh', '--help'], { env: noKey });
    expect(help.stdout).toMatch(/--sections[\s\S]*one IT Glue request per document/);
  });

  it('refresh pulls types; stats counts them; search finds by name; clear empties one type', async () => {
    project = await createProject(null, { generate: { organizations: 3, perOrganization: 2 } });
    const refreshed = await project.cli(['cache', 'refresh', 'organizations', 'configurations', '--json']);
    expect(refreshed.code).toBe(0);
    expect(refreshed.json<{ refreshed: Array<{ type: string; count: number }> }>().refreshed).toEqual([
      expect.objectContaining({ type: 'organizations', count: 3 }),
      expect.objectContaining({ type: 'configurations', count: 6 }),
    ]);
    const human = await project.cli(['cache', 'refresh', 'organizations']);
    expect(human.stdout).toMatch(/organizations: 3 record\(s\), 0 removed/);

    const stats = (await project.cli(['cache', 'stats', '--json'], { env: noKey })).json<Stats>();
    expect(stats.entries).toMatchObject({ organizations: 3, configurations: 6, contacts: 0 });
    expect(stats.lastRefresh.organizations).not.toBeNull();
    const table = await project.cli(['cache', 'stats'], { env: noKey });
    expect(table.stdout).toMatch(/organizations\s+3\s+\d{4}-/);

    const dump = await project.emulator.admin.dump();
    const name = String(dump.organizations![0]!.attributes.name);
    const search = await project.cli([
      'cache',
      'search',
      name.slice(1, 6).toLowerCase(),
      '--type',
      'organizations',
      '--json',
    ]);
    expect(search.code).toBe(0);
    expect(search.json<{ results: Array<{ name: string; type: string }> }>().results).toContainEqual(
      expect.objectContaining({ type: 'organizations', name }),
    );
    const humanSearch = await project.cli(['cache', 'search', name, '--type', 'organizations']);
    expect(humanSearch.stdout).toContain(name);
    const none = await project.cli(['cache', 'search', 'zzz-no-such-name', '--type', 'organizations']);
    expect(none.stdout).toContain('No cached record matches "zzz-no-such-name"');

    const cleared = await project.cli(['cache', 'clear', 'organizations'], { env: noKey });
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain('mappings and bookmarks are kept');
    const after = (await project.cli(['cache', 'stats', '--json'], { env: noKey })).json<Stats>();
    expect(after.entries).toMatchObject({ organizations: 0, configurations: 6 });
  });

  it('clear replaces a corrupt cache file and says what was lost', async () => {
    project = await createProject(null);
    fs.mkdirSync(project.home, { recursive: true });
    const file = path.join(project.home, 'default.sqlite');
    fs.writeFileSync(file, 'this is not a database, it is a text file that got in the way'.repeat(20));
    const broken = await project.cli(['health']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('ECACHE_CORRUPT');
    const cleared = await project.cli(['cache', 'clear'], { env: noKey });
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain('was corrupt and is deleted');
    expect(fs.existsSync(file)).toBe(false);
    expect((await project.cli(['health'])).code).toBe(0);
  });

  it('unknown types are usage errors', async () => {
    project = await createProject(null);
    const result = await project.cli(['cache', 'refresh', 'widgets']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('unknown cache type widgets');
    expect((await project.cli(['cache', 'search', 'x', '--limit', '0'])).code).toBe(64);
    expect((await project.cli(['cache'])).code).toBe(64);
  });
});
