/**
 * `markdown.import` options end to end: the document target (sections, publish, images), writeBack,
 * dry runs, images keep/drop, and plugin-level defaults under a step's `with:`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import markdownPlugin from '../index.js';
import { PNG, writeIn } from './__fixtures__/files.js';
import { stepOptionsSchema } from './options.js';

let t: TestEngine | undefined;
let dir: string;
beforeEach(async () => {
  dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'glueflow-markdown-'));
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  await fs.promises.rm(dir, { recursive: true, force: true });
});

const write = (file: string, content: string | Buffer) => writeIn(dir, file, content);
const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

async function engine(pluginOptions: Record<string, unknown> = {}): Promise<TestEngine> {
  t = await createTestEngine({ plugins: [[markdownPlugin, pluginOptions]], baseDir: dir });
  await t.client.organizations.create({ name: 'Acme Corp' });
  t.admin.resetStats();
  return t;
}

type Dumped = { id: string; attributes: Record<string, unknown> };
async function dumped(engine: TestEngine, type: string): Promise<Dumped[]> {
  return ((await engine.admin.dump())[type] ?? []) as Dumped[];
}

const RUNBOOK =
  '# Firewall change\n\nIntro with ![rack](rack.png).\n\n## Prepare\n\nBack up the config.\n\n## Apply\n\n```sh\ncommit confirmed 5\n```\n';

describe('target: document', () => {
  it('creates a published document split at H2 with its image uploaded; re-runs write nothing; an edit is one update', async () => {
    const t = await engine();
    write('sop/firewall.md', RUNBOOK);
    write('sop/rack.png', PNG);
    const options = { files: 'sop/*.md', organization: 'Acme Corp', target: 'document', sections: 'h2' };
    const first = await t.runStep('markdown.import', options);
    expect(first.messages).toEqual([]);
    expect(first.counts.failed).toBe(0);

    const [document] = await dumped(t, 'documents');
    expect(document!.attributes).toMatchObject({ name: 'Firewall change', published: true });
    const sections = (await dumped(t, 'document-sections'))
      .filter((s) => String(s.attributes['document-id']) === document!.id)
      .sort((a, b) => Number(a.attributes.sort) - Number(b.attributes.sort));
    expect(sections.map((s) => [s.attributes['resource-type'], s.attributes.level ?? null])).toEqual([
      ['Document::Text', null],
      ['Document::Heading', 2],
      ['Document::Text', null],
      ['Document::Heading', 2],
      ['Document::Text', null],
    ]);
    expect(sections[1]!.attributes.content).toBe('Prepare');
    const [image] = await dumped(t, 'attachments');
    expect(image!.attributes).toMatchObject({
      'resource-type': 'documents',
      'attachment-file-name': 'rack.png',
    });
    expect(String(sections[0]!.attributes.content)).toContain(
      `src="${String(image!.attributes['download-url'])}"`,
    );
    expect(String(sections[4]!.attributes.content)).toContain('<code class="language-sh">');
    expect(t.eventsOf('onDocumentCreated')).toHaveLength(1);

    await t.restart();
    t.admin.resetStats();
    const again = await t.runStep('markdown.import', options);
    expect(again.counts).toMatchObject({ unchanged: 1, created: 0, updated: 0 });
    expect(t.admin.stats().writesApplied).toBe(0);

    write('sop/firewall.md', RUNBOOK.replace('Back up the config.', 'Back up the config to the NAS.'));
    t.admin.resetStats();
    const edited = await t.runStep('markdown.import', options);
    expect(edited.counts).toMatchObject({ updated: 1, created: 0 });
    // One section PATCH and the publish; the document itself and the other sections are left alone.
    expect(t.admin.stats()).toMatchObject({ creates: 0, deletes: 0 });
    expect(t.admin.stats()).toMatchObject({ writesApplied: 2, updates: 2 });
    expect(await dumped(t, 'documents')).toHaveLength(1);
    const text = (await dumped(t, 'document-sections')).map((s) => String(s.attributes.content));
    expect(text.some((c) => c.includes('to the NAS'))).toBe(true);
  });
});

describe('both targets over one folder', () => {
  it('keep their own records: a document step does not touch the flexible assets', async () => {
    const t = await engine({ organization: 'Acme Corp' });
    write('both/dns.md', '# DNS\n\nFlush caches.\n');
    await t.runStep('markdown.import', { files: 'both/*.md' });
    await t.runStep('markdown.import', { files: 'both/*.md', target: 'document' });
    expect(
      (await dumped(t, 'flexible-assets')).map((a) => (a.attributes.traits as { title: string }).title),
    ).toEqual(['DNS']);
    expect((await dumped(t, 'documents')).map((d) => d.attributes.name)).toEqual(['DNS']);
    t.admin.resetStats();
    await t.runStep('markdown.import', { files: 'both/*.md' });
    await t.runStep('markdown.import', { files: 'both/*.md', target: 'document' });
    expect(t.admin.stats().writesApplied).toBe(0);
  });
});

describe('writeBack', () => {
  it('writes itglue-id into the front matter, and a fresh machine follows it through a title change', async () => {
    const t = await engine({ writeBack: true });
    write('kb/wifi.md', '---\n# who owns it\nowner: noc\n---\n# Guest Wi-Fi\n\nRotate the PSK monthly.\n');
    await t.runStep('markdown.import', { files: 'kb/*.md', organization: 'Acme Corp' });
    const [asset] = await dumped(t, 'flexible-assets');
    expect(read('kb/wifi.md')).toBe(
      `---\n# who owns it\nowner: noc\nitglue-id: ${asset!.id}\n---\n# Guest Wi-Fi\n\nRotate the PSK monthly.\n`,
    );
    t.admin.resetStats();
    await t.runStep('markdown.import', { files: 'kb/*.md', organization: 'Acme Corp' });
    expect(t.admin.stats().writesApplied).toBe(0);

    // New machine: no state. The title changed too, so only the id in the file can find the record.
    await t.runtime.close();
    await fs.promises.rm(path.join(t.home, 'default.sqlite'));
    await t.restart();
    write('kb/wifi.md', read('kb/wifi.md').replace('# Guest Wi-Fi', '# Guest and IoT Wi-Fi'));
    const summary = await t.runStep('markdown.import', { files: 'kb/*.md', organization: 'Acme Corp' });
    expect(summary.counts).toMatchObject({ updated: 1, created: 0 });
    const assets = await dumped(t, 'flexible-assets');
    expect(assets.map((a) => [a.id, (a.attributes.traits as Record<string, unknown>).title])).toEqual([
      [asset!.id, 'Guest and IoT Wi-Fi'],
    ]);
  });
});

describe('writeBack ids that are not ours', () => {
  it('ignores an id of another kind or type with a warning, and documents use their own key', async () => {
    const t = await engine({ organization: 'Acme Corp', writeBack: true });
    write('w/doc.md', '# Change calendar\n');
    await t.runStep('markdown.import', { files: 'w/*.md', target: 'document' });
    const [document] = await dumped(t, 'documents');
    expect(read('w/doc.md')).toBe(`---\nitglue-document-id: ${document!.id}\n---\n# Change calendar\n`);

    // A stale `itglue-id` (a record that is not a "Markdown Document" asset) must not be adopted.
    write('w/stale.md', `---\nitglue-id: ${document!.id}\n---\n# Stale\n`);
    const summary = await t.runStep('markdown.import', { files: 'w/stale.md' });
    expect(summary.messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'EMARKDOWN_STALE_ID', item: 'w/stale.md', severity: 'warning' }),
      ]),
    );
    expect(summary.counts).toMatchObject({ created: 1 });
    expect((await dumped(t, 'documents')).map((d) => d.attributes.name)).toEqual(['Change calendar']);
  });
});

describe('dry run, images, plugin defaults, options', () => {
  it('a dry run plans the creates and writes nothing anywhere', async () => {
    const t = await engine();
    write('a/one.md', '# One\n\n![net](net.png) ![secret](../../outside.png)\n');
    write('a/net.png', PNG);
    write('a/two.md', '# Two\n');
    const before = read('a/one.md');
    const summary = await t.runStep(
      'markdown.import',
      { files: 'a/*.md', organization: 'Acme Corp', writeBack: true },
      { dryRun: true },
    );
    expect(summary.dryRun).toBe(true);
    expect(summary.counts.created).toBe(2);
    expect(t.plan.filter((e) => e.action === 'create').map((e) => e.sourceKey)).toEqual(
      expect.arrayContaining(['a/one.md', 'a/two.md']),
    );
    expect(t.admin.stats().writesApplied).toBe(0);
    expect(read('a/one.md')).toBe(before);
    // The plan shows the image that would be uploaded by its path; the one outside the folder is left out.
    const one = t.plan.find((e) => e.sourceKey === 'a/one.md')!;
    expect(JSON.stringify(one.request.attributes)).toContain('<img src=\\"net.png\\" alt=\\"net\\">');
    expect(summary.messages).toEqual([
      expect.objectContaining({
        code: 'EMARKDOWN_IMAGE',
        item: 'a/one.md',
        reason: expect.stringContaining('image ../../outside.png left out:'),
      }),
    ]);
  });

  it('images: keep leaves local paths, drop removes them; remote images stay either way', async () => {
    const t = await engine({ organization: 'Acme Corp' });
    write('k/keep.md', '# Keep\n\n![a](img/a.png) ![r](https://cdn.example.com/r.png)\n');
    write('d/drop.md', '# Drop\n\n![a](img/a.png) ![r](https://cdn.example.com/r.png)\n');
    await t.runStep('markdown.import', { files: 'k/*.md', images: 'keep' });
    await t.runStep('markdown.import', { files: 'd/*.md', images: 'drop' });
    const content = new Map(
      (await dumped(t, 'flexible-assets')).map((a) => {
        const traits = a.attributes.traits as Record<string, string>;
        return [traits.title, traits.content];
      }),
    );
    expect(content.get('Keep')).toBe(
      '<p><img src="img/a.png" alt="a"> <img src="https://cdn.example.com/r.png" alt="r"></p>',
    );
    expect(content.get('Drop')).toBe(
      '<p><img alt="a"> <img src="https://cdn.example.com/r.png" alt="r"></p>',
    );
    expect(await dumped(t, 'attachments')).toHaveLength(0);
  });

  it('plugin-level options are defaults; a step overrides them key by key', async () => {
    const t = await engine({ organization: 'Acme Corp', flexibleAssetType: 'SOP', titleField: 'name' });
    write('s/sop.md', '# Patch Tuesday\n\nPilot ring first.\n');
    const summary = await t.runStep('markdown.import', { files: 's/*.md', contentField: 'body' });
    expect(summary.messages).toEqual([]);
    const [type] = (await dumped(t, 'flexible-asset-types')).filter((r) => r.attributes.name === 'SOP');
    expect(type).toBeDefined();
    const [asset] = await dumped(t, 'flexible-assets');
    expect(asset!.attributes.traits).toEqual({ name: 'Patch Tuesday', body: '<p>Pilot ring first.</p>' });
  });

  it('an existing type without a usable content field stops the step before any write', async () => {
    const t = await engine({ organization: 'Acme Corp' });
    const type = await t.client.flexibleAssetTypes.create({ name: 'Runbook' });
    await t.client.flexibleAssetFields.create(type.id, {
      name: 'Title',
      kind: 'Text',
      useForTitle: true,
      showInList: true,
    });
    await t.client.flexibleAssetFields.create(type.id, { name: 'Content', kind: 'Number' });
    write('r/x.md', '# X\n');
    const summary = await t.runStep('markdown.import', { files: 'r/*.md', flexibleAssetType: 'Runbook' });
    expect(summary.status).toBe('failed');
    expect(summary.messages[0]).toMatchObject({
      severity: 'error',
      code: 'EFAT_FIELD_KIND',
      reason: 'flexible asset type "Runbook" has field "Content" of kind Number, expected Textbox',
    });
    expect(await dumped(t, 'flexible-assets')).toHaveLength(0);
  });

  it('rejects unknown and misspelled options by name', () => {
    const result = stepOptionsSchema.safeParse({ files: '*.md', organisation: 'Acme', images: 'inline' });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.') || issue.message);
    expect(paths).toEqual(expect.arrayContaining(['images']));
    expect(JSON.stringify(result.error!.issues)).toContain('organisation');
  });
});
