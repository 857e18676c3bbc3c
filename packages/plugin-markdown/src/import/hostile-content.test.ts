/**
 * Issue 17, hostile file contents (points 4, 5 (11), 6 (16)): stored XSS through `traits:`, markdown
 * built to stall the parser, and links to risky schemes. Real runtime against the emulator over HTTP;
 * the inputs come from the attacker corpus (src/__fixtures__/attacker).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import markdownPlugin from '../index.js';
import { renderMarkdown } from '../render/render-markdown.js';
import { attackerFile, deepBlockquotes, deepList, nestedEmphasis } from '../__fixtures__/attacker/corpus.js';
import { writeIn } from './__fixtures__/files.js';
import { stepOptionsSchema } from './options.js';

let t: TestEngine | undefined;
let dir: string;
beforeEach(async () => {
  dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'glueflow-hostile-'));
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  await fs.promises.rm(dir, { recursive: true, force: true });
});

const write = (file: string, content: string | Buffer) => writeIn(dir, file, content);

async function engine(): Promise<TestEngine> {
  t = await createTestEngine({ plugins: [markdownPlugin], baseDir: dir });
  await t.client.organizations.create({ name: 'Acme Corp' });
  return t;
}

type Dumped = { id: string; attributes: Record<string, unknown> };
async function assets(engine: TestEngine): Promise<Array<Record<string, unknown>>> {
  const all = ((await engine.admin.dump())['flexible-assets'] ?? []) as Dumped[];
  return all.map((a) => a.attributes.traits as Record<string, unknown>);
}

/** A type with one field of every kind a front matter trait can set. */
async function runbookType(t: TestEngine): Promise<void> {
  const type = await t.runtime.client.flexibleAssetTypes.create({ name: 'Runbook' });
  const fields = [
    { name: 'Title', kind: 'Text', useForTitle: true, showInList: true },
    { name: 'Content', kind: 'Textbox' },
    { name: 'Notes', kind: 'Textbox' },
    { name: 'Owner', kind: 'Text' },
    { name: 'Category', kind: 'Select', defaultValue: 'Backup\nIncident\nMaintenance' },
    { name: 'Interval', kind: 'Number' },
    { name: 'Reviewed', kind: 'Checkbox' },
    { name: 'Next review', kind: 'Date' },
  ];
  for (const field of fields) await t.client.flexibleAssetFields.create(type.id, field);
}

describe('issue 17.4: front matter traits are sanitized or validated as their kind', () => {
  it('sanitizes Textbox traits like the body; refuses markup in Text, unknown Select options and bad dates', async () => {
    const t = await engine();
    await runbookType(t);
    write('docs/xss.md', attackerFile('xss-traits.md'));
    const bad = {
      'text-markup': 'owner: <img src=x onerror=alert(1)>',
      'select-option': 'category: Backup"><script>alert(1)</script>',
      'date-suffix': 'next-review: 2027-01-31<script>alert(1)</script>',
      'date-impossible': 'next-review: 2027-02-30',
      'number-markup': 'interval: 12<b>',
      'checkbox-text': 'reviewed: "yes"',
    };
    for (const [name, trait] of Object.entries(bad))
      write(`docs/${name}.md`, `---\ntraits:\n  ${trait}\n---\n# ${name}\n`);
    const summary = await t.runStep('markdown.import', {
      files: 'docs/*.md',
      organization: 'Acme Corp',
      flexibleAssetType: 'Runbook',
    });
    expect(summary.counts).toMatchObject({ created: 1, failed: 6 });

    const [xss] = await assets(t);
    const notes = String(xss!.notes);
    for (const dangerous of ['<script', 'onerror', 'javascript:', 'ms-msdt:', 'alert(document.cookie)'])
      expect(notes).not.toContain(dangerous);
    expect(notes).toContain('<strong>still bold</strong>');
    expect(notes).toContain('<a href="https://docs.example/x">docs</a>');
    expect(notes).toContain('<a>click me</a>'); // the text of a dropped link stays
    expect(xss!.category).toBe('Backup');

    const byItem = new Map(summary.messages.map((m) => [m.item, m]));
    const expectTrait = (item: string, reason: string, expected: string, actual: string) =>
      expect(byItem.get(`docs/${item}.md`)).toMatchObject({
        severity: 'error',
        code: 'EMARKDOWN_TRAITS',
        place: '3:1',
        reason: `docs/${item}.md: ${reason}`,
        expected,
        actual,
      });
    expectTrait(
      'text-markup',
      'trait "owner" (Text) must be plain text without HTML markup, found "<img src=x onerror=alert(1)>"',
      'plain text without HTML markup',
      '"<img src=x onerror=alert(1)>"',
    );
    expectTrait(
      'select-option',
      'trait "category" (Select) must be one of "Backup", "Incident", "Maintenance", found "Backup\\"><script>alert(1)</script>"',
      'one of "Backup", "Incident", "Maintenance"',
      '"Backup\\"><script>alert(1)</script>"',
    );
    expectTrait(
      'date-suffix',
      'trait "next-review" (Date) must be a date (YYYY-MM-DD), found "2027-01-31<script>alert(1)</script>"',
      'a date (YYYY-MM-DD)',
      '"2027-01-31<script>alert(1)</script>"',
    );
    expectTrait(
      'date-impossible',
      'trait "next-review" (Date) must be a date (YYYY-MM-DD), found "2027-02-30"',
      'a date (YYYY-MM-DD)',
      '"2027-02-30"',
    );
    expectTrait(
      'number-markup',
      'trait "interval" (Number) must be a number, found "12<b>"',
      'a number',
      '"12<b>"',
    );
    expectTrait(
      'checkbox-text',
      'trait "reviewed" (Checkbox) must be true or false, found "yes"',
      'true or false',
      '"yes"',
    );
    // The dropped links of a trait are reported like the body's.
    expect(summary.messages.filter((m) => m.code === 'EMARKDOWN_LINK').map((m) => m.reason)).toEqual([
      'docs/xss.md:4:1: link "javascript:alert(2)" in trait "notes" dropped (its scheme is not allowed); its text is kept',
      'docs/xss.md:4:1: link "ms-msdt:/id%20PCWDiagnostic" in trait "notes" dropped (its scheme is not allowed); its text is kept',
    ]);
  });
  it('keeps titles plain text: raw HTML leaves an H1 title; a front matter title with markup fails the file', async () => {
    const t = await engine();
    write('docs/h1.md', '# VPN <img src=x onerror=alert(1)>\n\nBody.\n');
    write('docs/front.md', '---\ntitle: "<script>alert(1)</script>"\n---\nBody.\n');
    const summary = await t.runStep('markdown.import', { files: 'docs/*.md', organization: 'Acme Corp' });
    expect((await assets(t)).map((a) => a.title)).toEqual(['VPN']);
    expect(summary.messages).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'EMARKDOWN_TITLE',
        item: 'docs/front.md',
        reason:
          'docs/front.md: the title "<script>alert(1)</script>" holds HTML markup or control characters; titles are plain text',
      }),
    ]);
  });
});

describe('issue 17.5: one pathological file fails alone, fast', () => {
  it('100,000 `>` markers fail in well under a second before parsing', async () => {
    const started = performance.now();
    await expect(renderMarkdown(deepBlockquotes(100_000))).rejects.toMatchObject({
      code: 'EMARKDOWN_TOO_COMPLEX',
      place: '3:1',
      message: 'line 3 nests 100000 blockquotes or list levels; at most 100 are read',
    });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('deep quotes, deep lists and slow nested emphasis fail per file; the other files import', async () => {
    const t = await engine();
    write('docs/deep-quotes.md', deepBlockquotes(100_000));
    write('docs/deep-list.md', deepList(150));
    write('docs/nested-emphasis.md', nestedEmphasis(20_000)); // minutes of parsing without a limit
    write('docs/fine.md', '# Fine\n\n> quoted\n>> twice\n\n- a\n  - b\n    - c\n');
    write('docs/also-fine.md', '# Also fine\n\n*a **b** c*\n');
    const started = performance.now();
    const summary = await t.runStep('markdown.import', {
      files: 'docs/*.md',
      organization: 'Acme Corp',
      maxParseSeconds: 1,
    });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(summary.counts).toMatchObject({ created: 2, failed: 3 });
    expect((await assets(t)).map((a) => a.title).sort()).toEqual(['Also fine', 'Fine']);
    const byItem = new Map(summary.messages.map((m) => [m.item, m]));
    expect(byItem.get('docs/deep-quotes.md')).toMatchObject({
      severity: 'error',
      code: 'EMARKDOWN_TOO_COMPLEX',
      place: '3:1',
      reason: 'docs/deep-quotes.md:3:1: line 3 nests 100000 blockquotes or list levels; at most 100 are read',
    });
    expect(byItem.get('docs/deep-list.md')).toMatchObject({
      code: 'EMARKDOWN_TOO_COMPLEX',
      reason: expect.stringMatching(
        /^docs\/deep-list\.md:\d+:1: line \d+ nests 101 blockquotes or list levels/,
      ),
    });
    expect(byItem.get('docs/nested-emphasis.md')).toMatchObject({
      code: 'EMARKDOWN_TOO_COMPLEX',
      reason: expect.stringContaining('parsing took longer than 1 s, so the file was given up'),
      hint: expect.stringContaining('maxParseSeconds'),
    });
  });

  it('keeps code fences out of the count: deep indentation inside a fence is code', async () => {
    const fenced = `# Code\n\n\`\`\`yaml\n${Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i)}- k${i}:`).join('\n')}\n\`\`\`\n`;
    expect((await renderMarkdown(fenced)).html).toContain('k149');
    // A backtick "fence" whose info string holds a backtick is no fence (CommonMark): still counted.
    await expect(renderMarkdown(`\`\`\` \`x\`\n${'>'.repeat(500)} y\n`)).rejects.toMatchObject({
      code: 'EMARKDOWN_TOO_COMPLEX',
    });
  });
});

describe('issue 17.6: risky link schemes', () => {
  it('keeps http, https, mailto, tel, in-page and relative links; drops the others with a warning each, text kept', async () => {
    const t = await engine();
    write('docs/risky-links.md', attackerFile('risky-links.md'));
    const summary = await t.runStep('markdown.import', { files: 'docs/*.md', organization: 'Acme Corp' });
    expect(summary.counts).toMatchObject({ created: 1, failed: 0 });
    const [asset] = await assets(t);
    const html = String(asset!.content);
    for (const scheme of [
      'ms-msdt:',
      'search-ms:',
      'ms-appinstaller:',
      'file:',
      'javascript:',
      'data:',
      'vbscript:',
      'ms-officecmd:',
    ])
      expect(html).not.toContain(`href="${scheme}`);
    for (const text of [
      'Follina',
      'Search',
      'Installer',
      'Local file',
      'Script',
      'Inline document',
      'VBScript',
    ])
      expect(html).toContain(`<a>${text}</a>`);
    for (const kept of [
      'href="https://portal.example/"',
      'href="http://intranet.example/"',
      'href="mailto:noc@example.com"',
      'href="tel:+15551234567"',
      'href="#user-content-kept-links"',
      'href="./other.md"',
      'href="../index.md?x=1"',
    ])
      expect(html).toContain(kept);
    const warnings = summary.messages.filter((m) => m.code === 'EMARKDOWN_LINK');
    expect(warnings).toHaveLength(8);
    expect(warnings[0]).toMatchObject({
      severity: 'warning',
      item: 'docs/risky-links.md',
      place: '3:3',
      reason:
        'docs/risky-links.md:3:3: link "ms-msdt:/id%20PCWDiagnostic%20/skip%20force%20/param%20%22IT_BrowseForFile=x%22" dropped (its scheme is not allowed); its text is kept',
      hint: expect.stringContaining('linkSchemes'),
    });
  });

  it('lets a team allow a scheme it uses on purpose, never a dangerous one', () => {
    expect(stepOptionsSchema.parse({ files: 'a.md', linkSchemes: ['RDP', 'ssh'] }).linkSchemes).toEqual([
      'rdp',
      'ssh',
    ]);
    const refused = stepOptionsSchema.safeParse({ files: 'a.md', linkSchemes: ['ms-msdt', 'file'] });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      [
        'linkSchemes.0',
        "ms-msdt: links can run code or open local files on the reader's machine; it cannot be allowed",
      ],
      [
        'linkSchemes.1',
        "file: links can run code or open local files on the reader's machine; it cannot be allowed",
      ],
    ]);
  });
});
