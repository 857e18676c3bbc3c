/**
 * Issue 18.8: front matter mistakes say what is wrong, where, once — through the real import
 * (testkit engine, emulator over HTTP) on real files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import markdownPlugin from '../index.js';
import { writeIn } from './__fixtures__/files.js';

let t: TestEngine | undefined;
let dir: string;

beforeEach(async () => {
  dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'glueflow-markdown-fm-'));
  t = await createTestEngine({ plugins: [markdownPlugin], baseDir: dir });
  for (const name of ['Acme Corp', 'Contoso Ltd']) await t.client.organizations.create({ name });
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  await fs.promises.rm(dir, { recursive: true, force: true });
});

async function importFolder() {
  const summary = await t!.runStep('markdown.import', { files: 'docs/*.md', organization: 'Acme Corp' });
  const assets = (await t!.admin.dump())['flexible-assets'] ?? [];
  return { summary, assets, byItem: new Map(summary.messages.map((m) => [m.item, m])) };
}

describe('front matter messages (issue 18.8)', () => {
  it('an unclosed `---` fails that file instead of publishing its YAML; the others import', async () => {
    writeIn(dir, 'docs/unclosed.md', '---\ntitle: VPN\norganization: Contoso Ltd\n\n# VPN\n\nReset it.\n');
    writeIn(dir, 'docs/rule.md', '---\n\nA rule first, then text: no front matter meant.\n');
    const { summary, assets, byItem } = await importFolder();
    expect(byItem.get('docs/unclosed.md')).toMatchObject({
      severity: 'error',
      code: 'EMARKDOWN_FRONT_MATTER',
      place: '1:1',
      reason:
        'docs/unclosed.md:1:1: front matter is not closed: the `---` on line 1 has no closing `---` line',
      hint: expect.stringContaining('add a `---` line'),
    });
    expect(byItem.has('docs/rule.md')).toBe(false);
    expect(summary.counts).toMatchObject({ created: 1, failed: 1 });
    expect(JSON.stringify(assets)).not.toContain('organization: Contoso Ltd');
  });

  it('an unknown key warns with the key it probably meant and its line; the file still imports', async () => {
    writeIn(dir, 'docs/typo.md', '---\ntitle: Printers\norganisation: Contoso Ltd\n---\n# Printers\n');
    const { summary, byItem } = await importFolder();
    expect(summary.counts.created).toBe(1);
    expect(byItem.get('docs/typo.md')).toMatchObject({
      severity: 'warning',
      code: 'EMARKDOWN_UNKNOWN_KEY',
      place: '3:1',
      reason:
        'docs/typo.md:3:1: front matter key "organisation" is not read by markdown.import; did you mean "organization"?',
      hint: expect.stringContaining('title, organization, id, traits, itglue-id, itglue-document-id'),
    });
  });

  it('keys for other tools (tags, owner) stay quiet: only a near miss is a typo', async () => {
    writeIn(dir, 'docs/tags.md', '---\ntitle: DNS\ntags: [network]\nowner: ops\n---\n# DNS\n');
    const { summary } = await importFolder();
    expect(summary.messages).toEqual([]);
  });

  it('broken YAML gives the place once, counted in the markdown file', async () => {
    writeIn(dir, 'docs/broken.md', '---\ntitle: ok\nowner: [unclosed\n---\n# X\n');
    const { byItem } = await importFolder();
    const message = byItem.get('docs/broken.md')!;
    expect(message).toMatchObject({ code: 'EMARKDOWN_FRONT_MATTER', place: '3:17' });
    expect(message.reason).toMatch(/^docs\/broken\.md:3:17: invalid front matter: Flow sequence/);
    expect(message.reason).not.toMatch(/line \d+, column/);
  });
});
