/**
 * `markdown.import` end to end: the real runtime (client, cache, SQLite state, write gate) through
 * @glueflow/testkit against the in-process emulator over HTTP, on real files in a temp folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import markdownPlugin from '../index.js';
import { PNG, writeIn } from './__fixtures__/files.js';

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

async function engine(pluginOptions: Record<string, unknown> = {}): Promise<TestEngine> {
  t = await createTestEngine({ plugins: [[markdownPlugin, pluginOptions]], baseDir: dir });
  for (const name of ['Acme Corp', 'Contoso Ltd']) await t.client.organizations.create({ name });
  return t;
}

type Dumped = { id: string; attributes: Record<string, unknown> };
async function dumped(engine: TestEngine, type: string): Promise<Dumped[]> {
  return ((await engine.admin.dump())[type] ?? []) as Dumped[];
}
const traitsOf = (record: Dumped) => record.attributes.traits as Record<string, unknown>;

function writeRunbooks(): void {
  write(
    'runbooks/vpn.md',
    '---\ntitle: VPN troubleshooting\n---\n\nSee [onboarding](./onboarding.md#accounts).\n\n![topology](img/topology.png)\n\n## Client setup\n\nInstall the client.\n',
  );
  write('runbooks/img/topology.png', PNG);
  write(
    'runbooks/onboarding.md',
    `---\norganization: Contoso Ltd\n---\n# New starter\n\n## Accounts\n\n- [ ] M365\n\n![inline](data:image/png;base64,${PNG.toString('base64')})\n\nVPN: [guide](vpn.md#client-setup)\n`,
  );
  write('runbooks/printers.md', '# Printer SOP\n\n| Queue | Host |\n|---|---|\n| HP-2F | print01 |\n');
}

describe('markdown.import → flexible assets', () => {
  it('imports a folder: type, titles, organizations, images uploaded, links between files', async () => {
    const t = await engine();
    writeRunbooks();
    const summary = await t.runStep('markdown.import', {
      files: 'runbooks/**/*.md',
      organization: 'Acme Corp',
    });
    expect(summary.messages).toEqual([]);
    expect(summary.status).toBe('ok');
    expect(summary.counts.created).toBe(3);

    const [type] = (await dumped(t, 'flexible-asset-types')).filter(
      (r) => r.attributes.name === 'Markdown Document',
    );
    expect(type).toBeDefined();
    const fields = (await dumped(t, 'flexible-asset-fields')).filter(
      (f) => String(f.attributes['flexible-asset-type-id']) === type!.id,
    );
    expect(fields.map((f) => [f.attributes['name-key'], f.attributes.kind])).toEqual(
      expect.arrayContaining([
        ['title', 'Text'],
        ['content', 'Textbox'],
      ]),
    );
    const title = fields.find((f) => f.attributes['name-key'] === 'title')!;
    expect(title.attributes).toMatchObject({ 'use-for-title': true, 'show-in-list': true });

    const assets = await dumped(t, 'flexible-assets');
    const byTitle = new Map(assets.map((a) => [String(traitsOf(a).title), a]));
    expect([...byTitle.keys()].sort()).toEqual(['New starter', 'Printer SOP', 'VPN troubleshooting']);
    const orgs = new Map((await dumped(t, 'organizations')).map((o) => [o.attributes.name, o.id]));
    expect(String(byTitle.get('New starter')!.attributes['organization-id'])).toBe(orgs.get('Contoso Ltd'));
    expect(String(byTitle.get('Printer SOP')!.attributes['organization-id'])).toBe(orgs.get('Acme Corp'));

    // Images: uploaded to their record, src = the attachment's URL (the data: URI too).
    const attachments = await dumped(t, 'attachments');
    expect(attachments).toHaveLength(2);
    const vpn = byTitle.get('VPN troubleshooting')!;
    const vpnContent = String(traitsOf(vpn).content);
    const vpnImage = attachments.find((a) => String(a.attributes['resource-id']) === vpn.id)!;
    expect(vpnImage.attributes['attachment-file-name']).toBe('topology.png');
    expect(vpnContent).toContain(`src="${String(vpnImage.attributes['download-url'])}"`);
    const onboarding = byTitle.get('New starter')!;
    expect(String(traitsOf(onboarding).content)).not.toContain('data:');
    expect(String(traitsOf(onboarding).content)).toMatch(
      /<img src="http:\/\/127\.0\.0\.1:\d+\/downloads\/attachments\/\d+"/,
    );
    expect(t.eventsOf('attachment:created')).toHaveLength(2);

    // Links between imported files point at the records, anchors at the prefixed ids.
    expect(vpnContent).toContain(
      `href="${String(onboarding.attributes['resource-url'])}#user-content-accounts"`,
    );
    expect(String(traitsOf(onboarding).content)).toContain(
      `href="${String(vpn.attributes['resource-url'])}#user-content-client-setup"`,
    );
    expect(t.eventsOf('flexible-asset:created')).toHaveLength(3);
    expect(t.eventsOf('onDocumentCreated')).toHaveLength(3);
  });

  it('a dry run over linked files plans every file and never asks IT Glue about a planned record', async () => {
    const t = await engine();
    writeRunbooks();
    // Many files linking to one written early: with 8 in flight, most look it up after it was planned.
    write('runbooks/a-hub.md', '# Hub\n\nStart here.\n');
    for (let n = 1; n <= 20; n++)
      write(`runbooks/spoke-${n}.md`, `# Spoke ${n}\n\nBack to [the hub](a-hub.md).\n`);
    t.admin.resetStats();
    const paths: string[] = [];
    t.runtime.engine.hooks.onRequest.tap(
      'paths',
      (request) => void paths.push(decodeURIComponent(request.path)),
    );
    const summary = await t.runStep(
      'markdown.import',
      { files: 'runbooks/**/*.md', organization: 'Acme Corp' },
      { dryRun: true },
    );
    expect(summary.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(
      t.plan.filter((e) => e.request?.resourceType === 'flexible_assets' && e.action === 'create'),
    ).not.toEqual([]);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((p) => p.includes('planned:'))).toEqual([]);
    expect(t.admin.stats().writesApplied).toBe(0);
  });

  it('re-running an unchanged folder makes zero writes, even after a restart', async () => {
    const t = await engine();
    writeRunbooks();
    const options = { files: ['runbooks/*.md'], organization: 'Acme Corp' };
    await t.runStep('markdown.import', options);
    await t.restart();
    t.admin.resetStats();
    const again = await t.runStep('markdown.import', options);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 0 });
    expect(t.admin.stats().writesApplied).toBe(0);
    t.admin.resetStats();
    await t.runStep('markdown.import', options);
    // Three reads: the type and its fields (checked every run), and one listing of the type's assets
    // that shows every mapped record still exists (one per 1,000 records, never one per file).
    expect(t.admin.stats().requests).toMatchObject({ total: 3, byMethod: { GET: 3 } });
    expect(t.admin.stats().writesApplied).toBe(0);

    // An edit to a file with an image and links is one update: the image is not uploaded again.
    write(
      'runbooks/vpn.md',
      fs.readFileSync(path.join(dir, 'runbooks/vpn.md'), 'utf8').replace('Install', 'Install and sign'),
    );
    t.admin.resetStats();
    const edited = await t.runStep('markdown.import', options);
    expect(edited.counts).toMatchObject({ updated: 1, unchanged: 2, created: 0 });
    expect(t.admin.stats()).toMatchObject({ writesApplied: 1, updates: 1, creates: 0 });
  });

  it('an unchanged self-contained file is answered from its mapping without a parse; linked or imaged files are parsed', async () => {
    const t = await engine();
    writeRunbooks(); // vpn.md and onboarding.md link each other and hold images; printers.md does neither
    const options = { files: ['runbooks/*.md'], organization: 'Acme Corp' };
    await t.runStep('markdown.import', options);
    const mappingOf = async (file: string) =>
      t.runtime.state.mappings.get('@glueflow/plugin-markdown', `runbooks/${file}`);
    expect((await mappingOf('printers.md'))?.fingerprintHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await mappingOf('vpn.md'))?.fingerprintHash).toBeUndefined();
    expect((await mappingOf('onboarding.md'))?.fingerprintHash).toBeUndefined();
    // A mapping written before this shortcut existed learns its fingerprint on the next unchanged run.
    const { fingerprintHash, ...older } = (await mappingOf('printers.md'))!;
    await t.runtime.state.mappings.set('@glueflow/plugin-markdown', 'runbooks/printers.md', older);
    expect((await t.runStep('markdown.import', options)).counts).toMatchObject({ unchanged: 3 });
    expect((await mappingOf('printers.md'))?.fingerprintHash).toBe(fingerprintHash);

    // The dry run's plan shows it: the skipped file is planned unchanged with nothing built for it.
    const dry = await t.runStep('markdown.import', options, { dryRun: true });
    expect(dry.counts).toMatchObject({ unchanged: 3, updated: 0, created: 0, failed: 0 });
    const printers = t.plan.find((e) => e.sourceKey === 'runbooks/printers.md')!;
    expect(printers).toMatchObject({ action: 'unchanged', request: { attributes: {} } });
    const vpn = t.plan.find((e) => e.sourceKey === 'runbooks/vpn.md')!;
    expect(Object.keys(vpn.request!.attributes)).toEqual(['traits']); // built and compared in full

    // An edit is still an update, and the next run skips it again.
    write('runbooks/printers.md', '# Printer SOP\n\n| Queue | Host |\n|---|---|\n| HP-3F | print02 |\n');
    expect((await t.runStep('markdown.import', options)).counts).toMatchObject({ updated: 1, unchanged: 2 });
    const content = String(
      traitsOf((await dumped(t, 'flexible-assets')).find((a) => traitsOf(a).title === 'Printer SOP')!)
        .content,
    );
    expect(content).toContain('print02');
    t.admin.resetStats();
    expect((await t.runStep('markdown.import', options)).counts).toMatchObject({ unchanged: 3 });
    expect(t.admin.stats().writesApplied).toBe(0);

    // A link to a path that is not imported (yet) keeps a file out of the shortcut: once the target
    // appears, the unchanged file's link is completed.
    write('runbooks/escalation.md', '# Escalation\n\nSee [the on-call rota](rota.md).\n');
    await t.runStep('markdown.import', options);
    expect((await mappingOf('escalation.md'))?.fingerprintHash).toBeUndefined();
    write('runbooks/rota.md', '# On-call rota\n\nWeek 1: NOC.\n');
    // escalation.md is unchanged when first met (rota.md not written yet), then written again: one item.
    expect((await t.runStep('markdown.import', options)).counts).toMatchObject({
      created: 1,
      updated: 0,
      updatedAgain: 1,
    });
    const assets = await dumped(t, 'flexible-assets');
    const rota = assets.find((a) => traitsOf(a).title === 'On-call rota')!;
    const escalation = assets.find((a) => traitsOf(a).title === 'Escalation')!;
    expect(String(traitsOf(escalation).content)).toContain(
      `href="${String(rota.attributes['resource-url'])}"`,
    );
  });

  it('an edited file is exactly one update; traits set in IT Glue and front matter traits are kept', async () => {
    const t = await engine();
    writeRunbooks();
    write('runbooks/backup.md', '---\ntraits:\n  owner: NOC\n---\n# Backup checks\n\nVerify last night.\n');
    const options = { files: 'runbooks/*.md', organization: 'Acme Corp' };
    // The type exists with an extra field people use in the web UI.
    const type = await t.runtime.client.flexibleAssetTypes.create({ name: 'Markdown Document' });
    for (const [name, kind] of [
      ['Title', 'Text'],
      ['Content', 'Textbox'],
      ['Owner', 'Text'],
      ['Reviewed', 'Checkbox'],
    ] as const) {
      await t.client.flexibleAssetFields.create(type.id, {
        name,
        kind,
        ...(name === 'Title' ? { useForTitle: true, showInList: true } : {}),
      });
    }
    await t.runStep('markdown.import', options);
    const backup = (await dumped(t, 'flexible-assets')).find((a) => traitsOf(a).title === 'Backup checks')!;
    expect(traitsOf(backup).owner).toBe('NOC');
    await t.admin.mutate('flexible_assets', backup.id, { traits: { ...traitsOf(backup), reviewed: true } });

    write(
      'runbooks/backup.md',
      '---\ntraits:\n  owner: NOC\n---\n# Backup checks\n\nVerify last night **and** the offsite copy.\n',
    );
    t.admin.resetStats();
    const updatesBefore = t.eventsOf('flexible-asset:updated').length;
    const summary = await t.runStep('markdown.import', options);
    expect(summary.counts).toMatchObject({ updated: 1, unchanged: 3, created: 0 });
    expect(t.admin.stats()).toMatchObject({ writesApplied: 1, updates: 1, creates: 0 });
    const after = (await dumped(t, 'flexible-assets')).find((a) => a.id === backup.id)!;
    expect(traitsOf(after)).toMatchObject({ owner: 'NOC', reviewed: true, title: 'Backup checks' });
    expect(String(traitsOf(after).content)).toContain('<strong>and</strong>');
    expect(t.eventsOf('flexible-asset:updated')).toHaveLength(updatesBefore + 1);
  });

  it('a changed title updates the same record, never a duplicate', async () => {
    const t = await engine();
    write('docs/dns.md', '# DNS runbook\n\nFlush caches.\n');
    await t.runStep('markdown.import', { files: 'docs/*.md', organization: 'Acme Corp' });
    write('docs/dns.md', '# DNS and DHCP runbook\n\nFlush caches.\n');
    const summary = await t.runStep('markdown.import', { files: 'docs/*.md', organization: 'Acme Corp' });
    expect(summary.counts).toMatchObject({ updated: 1, created: 0 });
    const assets = await dumped(t, 'flexible-assets');
    expect(assets).toHaveLength(1);
    expect(traitsOf(assets[0]!).title).toBe('DNS and DHCP runbook');
  });

  it('bad files fail alone with clear messages; the good ones import', async () => {
    const t = await engine();
    write('in/good.md', '# Good\n\nFine.\n');
    write('in/broken-yaml.md', '---\ntitle: ok\nowner: [unclosed\n---\n# X\n');
    write('in/unknown-org.md', '---\norganization: Acme Crop\n---\n# Typo org\n');
    write(
      'in/latin1.md',
      Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from('\n\nline two\n')]),
    );
    write('in/bad-trait.md', '---\ntraits:\n  colour: blue\n---\n# Traits\n');
    // Backslashes double in JSON: 5.5 MB of them in a code block is an 11 MB request.
    write('in/twin-a.md', '---\nid: twin\n---\n# Twin A\n');
    write('in/twin-b.md', '---\nid: twin\n---\n# Twin B\n');
    write('in/huge.md', `# Huge\n\n\`\`\`\n${'\\'.repeat(5_500_000)}\n\`\`\`\n`);
    const summary = await t.runStep('markdown.import', { files: 'in/*.md', organization: 'Acme Corp' });
    expect(summary.counts).toMatchObject({ created: 2, failed: 5, skipped: 1 });
    expect(summary.status).toBe('partial');
    const byItem = new Map(summary.messages.map((m) => [m.item, m]));
    expect(byItem.get('in/broken-yaml.md')).toMatchObject({
      severity: 'error',
      code: 'EMARKDOWN_FRONT_MATTER',
      place: expect.stringMatching(/^[34]:\d+$/),
      reason: expect.stringMatching(/^in\/broken-yaml\.md:[34]:\d+: invalid front matter/),
    });
    expect(byItem.get('in/unknown-org.md')).toMatchObject({
      code: 'EMARKDOWN_UNKNOWN_ORGANIZATION',
      reason:
        'organization "Acme Crop" (from front matter `organization:` of in/unknown-org.md) was not found in IT Glue',
    });
    expect(byItem.get('in/latin1.md')).toMatchObject({
      code: 'EMARKDOWN_ENCODING',
      reason: 'in/latin1.md is not UTF-8 text (byte 0xe9 at offset 5, line 1)',
    });
    expect(byItem.get('in/bad-trait.md')).toMatchObject({
      code: 'EMARKDOWN_TRAITS',
      place: '3:1',
      reason: expect.stringContaining(
        'trait "colour" is not a field of the flexible asset type "Markdown Document"',
      ),
    });
    expect(byItem.get('in/huge.md')).toMatchObject({
      severity: 'warning',
      code: 'EMARKDOWN_TOO_LARGE',
      reason: expect.stringMatching(
        /^in\/huge\.md skipped: 1\d\.\d MB as an IT Glue request, more than IT Glue takes in one request \(10\.0 MB\)$/,
      ),
    });
    expect(byItem.get('in/twin-b.md')).toMatchObject({
      code: 'EMARKDOWN_DUPLICATE_ID',
      reason: 'in/twin-b.md: front matter id "twin" is already used by in/twin-a.md',
    });
    const assets = await dumped(t, 'flexible-assets');
    expect(assets.map((a) => traitsOf(a).title).sort()).toEqual(['Good', 'Twin A']);
  });

  it('organizations by id, none at all, and globs that exclude', async () => {
    const t = await engine();
    const contoso = (await dumped(t, 'organizations')).find((o) => o.attributes.name === 'Contoso Ltd')!;
    write('n/by-id.md', `---\norganization: ${contoso.id}\n---\n# By id\n`);
    write('n/orphan.md', '# Orphan\n');
    write('n/drafts/wip.md', '# Not yet\n');
    const summary = await t.runStep('markdown.import', { files: ['n/**/*.md', '!n/drafts/**'] });
    expect(summary.counts).toMatchObject({ created: 1, failed: 1 });
    expect(summary.messages).toEqual([
      expect.objectContaining({
        item: 'n/orphan.md',
        code: 'EMARKDOWN_NO_ORGANIZATION',
        reason: 'n/orphan.md has no organization',
      }),
    ]);
    const [asset] = await dumped(t, 'flexible-assets');
    expect(String(asset!.attributes['organization-id'])).toBe(contoso.id);
  });

  it('globs that match nothing are a warning, not a failure', async () => {
    const t = await engine();
    const summary = await t.runStep('markdown.import', { files: 'nowhere/*.md', organization: 'Acme Corp' });
    expect(summary.status).toBe('ok');
    expect(summary.messages[0]).toMatchObject({ severity: 'warning', code: 'EMARKDOWN_NO_FILES' });
  });
});
