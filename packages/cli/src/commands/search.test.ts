/**
 * `glueflow search` over a cache filled by `glueflow cache refresh` from the emulator: ranked hits
 * with snippets and IT Glue URLs, the `--json` shape, filters, secrets never found, bad queries as
 * ESEARCH_QUERY — and not one IT Glue request made by a search.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createProject } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';
import type { SearchHit } from '@glueflow/core';
import type { SearchJson } from './search.js';

const PASSWORD_VALUE = 'Quuxwordvalue7731';
const noKey = { ITGLUE_API_KEY: undefined };

let project: Project;
let org: string;
let psk: string;

async function search(argv: string[]) {
  const before = project.emulator.admin.stats().requests.total;
  const result = await project.cli(['search', ...argv], { env: noKey });
  expect(project.emulator.admin.stats().requests.total - before).toBe(0); // local only, no key needed
  return result;
}

describe('glueflow search', () => {
  beforeAll(async () => {
    project = await createProject(null, { generate: { organizations: 2, perOrganization: 2 } });
    const admin = project.emulator.admin;
    org = (await admin.insert('organizations', [{ name: 'Zorblat Industries' }]))[0]!;
    const typeId = Number((await admin.dump())['configuration-types']![0]!.id);
    const base = { 'organization-id': Number(org), 'configuration-type-id': typeId };
    await admin.insert('configurations', [
      { ...base, name: 'Plimbus firewall', notes: 'edge of the quibbleton site' },
      { ...base, name: 'Core switch', notes: 'uplinks to the plimbus firewall' },
    ]);
    await admin.insert('passwords', [
      { 'organization-id': Number(org), name: 'Zorblat admin', password: PASSWORD_VALUE, notes: 'rotated' },
    ]);
    // The generated Wireless assets carry a Password-kind "Pre-Shared Key".
    const wireless = (await admin.dump())['flexible-assets']!.map(
      (asset) => (asset.attributes.traits as Record<string, unknown>)['pre-shared-key'],
    );
    psk = String(wireless.find((value) => typeof value === 'string' && value.length > 5));
    const refreshed = await project.cli(['cache', 'refresh', '--json']);
    expect(refreshed.code).toBe(0);
    expect(refreshed.json<{ searchIndex: { records: number } }>().searchIndex.records).toBeGreaterThan(5);
  });
  afterAll(async () => project.close());
  it('--json: {query, hits: [{type, id, name, organizationId, organizationName, snippet, highlights, url, score}], total, more, ranked, totalCapped}', async () => {
    const result = await search(['plimbus', '--json']);
    expect(result.code).toBe(0);
    const json = result.json<SearchJson>();
    expect(Object.keys(json)).toEqual(['query', 'hits', 'total', 'more', 'ranked', 'totalCapped']);
    expect([json.total, json.ranked]).toEqual([2, true]);
    expect(json.query).toBe('plimbus');
    expect(json.more).toBe(false);
    expect(json.hits.map((hit: SearchHit) => hit.name)).toEqual(['Plimbus firewall', 'Core switch']); // name first
    const [hit] = json.hits;
    expect(Object.keys(hit!).sort()).toEqual(
      [
        'highlights',
        'id',
        'name',
        'organizationId',
        'organizationName',
        'score',
        'snippet',
        'type',
        'url',
      ].sort(),
    );
    expect(hit).toMatchObject({
      type: 'configurations',
      organizationId: org,
      organizationName: 'Zorblat Industries',
    });
    expect(hit!.url).toBe(`${project.emulator.url}/${org}/configurations/${hit!.id}`);
    expect(hit!.snippet.slice(...hit!.highlights[0]!)).toBe('Plimbus');
  });

  it('human output: type, id, name, organization, the snippet and the URL of each hit', async () => {
    const result = await search(['quibbleton']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/configurations\s+#\d+\s+Plimbus firewall\s+Zorblat Industries/);
    expect(result.stdout).toContain('edge of the quibbleton site');
    expect(result.stdout).toContain(`${project.emulator.url}/${org}/configurations/`);
    expect(result.stdout).toContain('1 hit(s), best first');
    expect((await search(['plimbus', '--limit', '1'])).stdout).toContain('1 of 2 hits, best first');
    const none = await search(['zzznothing']);
    expect(none.stdout).toContain('No cached record matches "zzznothing"');
  });

  it('--type, --org, --limit, phrase and prefix', async () => {
    const typed = (await search(['zorblat', '--type', 'passwords', '--json'])).json<SearchJson>();
    expect(typed.hits.map((hit: SearchHit) => hit.type)).toEqual(['passwords']);
    const byOrg = (
      await search(['plimbus OR zorblat', '--org', 'zorblat industries', '--json'])
    ).json<SearchJson>();
    expect(byOrg.hits).toHaveLength(4);
    expect((await search(['plimbus', '--org', 'Another', '--json'])).json<SearchJson>().hits).toEqual([]);
    const limited = (await search(['plimbus', '--limit', '1', '--json'])).json<SearchJson>();
    expect([limited.hits.length, limited.total, limited.more]).toEqual([1, 2, true]);
    expect((await search(['"plimbus firewall"', '--json'])).json<SearchJson>().hits).toHaveLength(2);
    expect((await search(['"firewall plimbus"', '--json'])).json<SearchJson>().hits).toEqual([]);
    expect((await search(['quibble*', '--json'])).json<SearchJson>().hits).toHaveLength(1);
  });

  it('a password value or a Password-kind trait is never found, nor in the cache file', async () => {
    expect(psk.length).toBeGreaterThan(5);
    for (const secret of [PASSWORD_VALUE, psk]) {
      const phrase = `"${secret.replaceAll('"', '""')}"`;
      expect((await search([phrase, '--json'])).json<SearchJson>().hits).toEqual([]);
    }
    const file = path.join(project.home, 'default.sqlite');
    const bytes = Buffer.concat(
      ['', '-wal'].map((s) => (fs.existsSync(file + s) ? fs.readFileSync(file + s) : Buffer.alloc(0))),
    );
    expect(bytes.includes(Buffer.from('quibbleton'))).toBe(true);
    expect(bytes.includes(Buffer.from(PASSWORD_VALUE))).toBe(false);
    expect(bytes.includes(Buffer.from(psk))).toBe(false);
  });

  it('a query FTS5 cannot parse is ESEARCH_QUERY with a hint how to quote; --json gets the error object', async () => {
    const human = await search(['srv-dc01']);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('ESEARCH_QUERY');
    expect(human.stderr).toContain('double quotes ("srv-dc01"');
    expect(human.stderr).not.toMatch(/\n\s+at /); // no stack
    const json = await search(['"open', '--json']);
    expect(json.code).toBe(1);
    expect(json.json<{ error: { code: string } }>().error.code).toBe('ESEARCH_QUERY');
  });

  it('cache refresh of some types keeps the index current without a full rebuild', async () => {
    await project.emulator.admin.insert('organizations', [{ name: 'Snorkelwood Ltd' }]);
    const refreshed = await project.cli(['cache', 'refresh', 'organizations', '--json']);
    expect(refreshed.json()).not.toHaveProperty('searchIndex');
    expect((await search(['snorkelwood', '--json'])).json<SearchJson>().hits.map((hit) => hit.name)).toEqual([
      'Snorkelwood Ltd',
    ]);
  });

  it('usage: a bad --limit or --type is exit 64', async () => {
    expect((await search(['x', '--limit', '0'])).code).toBe(64);
    expect((await search(['x', '--type', 'widgets'])).code).toBe(64);
  });
});

it('before any cache exists it says so, asking nothing of IT Glue', async () => {
  const empty = await createProject(null);
  try {
    const result = await empty.cli(['search', 'anything'], { env: noKey });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No cache yet for instance "default"');
    expect((await empty.cli(['search', 'anything', '--json'], { env: noKey })).json()).toEqual({
      query: 'anything',
      hits: [],
      total: 0,
      more: false,
      ranked: true,
      totalCapped: false,
    });
    expect(empty.emulator.admin.stats().requests.total).toBe(0);
  } finally {
    await empty.close();
  }
});
