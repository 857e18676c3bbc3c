/**
 * Issue 17, hostile docs folders (points 1–3): symbolic links leading out of the config folder, files
 * that are no images, and writeBack through planted links. Real runtime, emulator over HTTP, real
 * links made in a temp folder (the attacker corpus: src/__fixtures__/attacker).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import markdownPlugin from '../index.js';
import { attackerFile, OUTSIDE_SECRET, plantLink } from '../__fixtures__/attacker/corpus.js';
import { PNG, writeIn } from './__fixtures__/files.js';

let t: TestEngine | undefined;
let dir: string;
/** The config folder (the step's baseDir) and a folder beside it that the import must never read. */
let cfg: string;
let outside: string;

beforeEach(async () => {
  dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'glueflow-hostile-'));
  cfg = path.join(dir, 'cfg');
  outside = path.join(dir, 'outside');
  fs.mkdirSync(cfg);
  writeIn(outside, 'secret.txt', OUTSIDE_SECRET);
  writeIn(outside, 'secret.md', `# Outside secret\n\n${OUTSIDE_SECRET}\n`);
  // A real PNG outside: refused for where it is, not for what it is.
  writeIn(outside, 'assets/diagram.png', Buffer.concat([PNG, Buffer.from(OUTSIDE_SECRET)]));
  writeIn(outside, 'notes/outside-note.md', `# Outside note\n\n${OUTSIDE_SECRET}\n`);
});
afterEach(async () => {
  await t?.close();
  t = undefined;
  await fs.promises.rm(dir, { recursive: true, force: true });
});

const write = (file: string, content: string | Buffer) => writeIn(cfg, file, content);
const link = (at: string, target: string) => plantLink(path.join(cfg, at), target);

async function engine(): Promise<TestEngine> {
  t = await createTestEngine({ plugins: [markdownPlugin], baseDir: cfg });
  await t.client.organizations.create({ name: 'Acme Corp' });
  return t;
}

type Dumped = { id: string; attributes: Record<string, unknown> };
async function dumped(engine: TestEngine, type: string): Promise<Dumped[]> {
  return ((await engine.admin.dump())[type] ?? []) as Dumped[];
}
const contentOf = (asset: Dumped) => String((asset.attributes.traits as Record<string, unknown>).content);
const titleOf = (asset: Dumped) => String((asset.attributes.traits as Record<string, unknown>).title);

/** Every byte IT Glue received: record contents and the uploaded attachments, downloaded. */
async function everythingUploaded(engine: TestEngine): Promise<string> {
  const assets = await dumped(engine, 'flexible-assets');
  const files = await Promise.all(
    (await dumped(engine, 'attachments')).map(async (a) => {
      const response = await fetch(String(a.attributes['download-url']));
      return Buffer.from(await response.arrayBuffer()).toString('latin1');
    }),
  );
  return [...assets.map((a) => JSON.stringify(a.attributes)), ...files].join('\n');
}

describe('issue 17.1: symbolic links lead out of the docs folder', () => {
  it('refuses linked images, folders and .md files whose real path is outside; imports each file once', async () => {
    const t = await engine();
    write(
      'docs/guide.md',
      '# Guide\n\n![logo](img/logo.png) ![diagram](assets/diagram.png) ![own](img/own.png)\n\n[alias](alias.md) [loop](loop/docs/guide.md)\n',
    );
    write('docs/img/own.png', PNG);
    link('docs/img/logo.png', path.join(outside, 'assets/diagram.png')); // a linked image
    link('docs/assets', '../../outside/assets'); // a linked folder of images
    link('docs/leak.md', '../../outside/secret.md'); // a linked .md
    link('docs/notes', path.join(outside, 'notes')); // a linked folder of .md files
    link('docs/alias.md', 'guide.md'); // the same file twice
    link('docs/loop', '..'); // docs/loop/docs/loop/… : the same files again and again
    link('docs/root', '/'); // a walk of the whole disk, were it followed
    const started = Date.now();
    const summary = await t.runStep('markdown.import', { files: 'docs/**/*.md', organization: 'Acme Corp' });
    expect(Date.now() - started).toBeLessThan(15_000);

    const assets = await dumped(t, 'flexible-assets');
    expect(assets.map(titleOf)).toEqual(['Guide']); // once, whatever the links
    expect(summary.counts).toMatchObject({ created: 1, failed: 1 });
    expect(summary.messages.filter((m) => m.code === 'EMARKDOWN_UNSAFE_PATH')).toEqual([
      expect.objectContaining({
        severity: 'error',
        item: 'docs/leak.md',
        reason: `docs/leak.md was not read: it leads outside the config folder (to ${fs.realpathSync(path.join(outside, 'secret.md'))})`,
      }),
    ]);
    const images = summary.messages.filter((m) => m.code === 'EMARKDOWN_IMAGE');
    expect(images.map((m) => m.reason)).toEqual([
      expect.stringMatching(
        /^docs\/guide\.md: image img\/logo\.png left out: it leads outside the config folder/,
      ),
      expect.stringMatching(
        /^docs\/guide\.md: image assets\/diagram\.png left out: it leads outside the config folder/,
      ),
    ]);
    // Only the image that really lives inside went up.
    expect((await dumped(t, 'attachments')).map((a) => a.attributes['attachment-file-name'])).toEqual([
      'own.png',
    ]);
    expect(await everythingUploaded(t)).not.toContain(OUTSIDE_SECRET);
    // Links through symbolic links inside the folder find the file's record.
    const guide = assets[0]!;
    expect(contentOf(guide).match(new RegExp(String(guide.attributes['resource-url']), 'g'))).toHaveLength(2);
  });

  it('refuses a .md linked to a hidden file inside the folder (a .env renamed by a link)', async () => {
    const t = await engine();
    write('.env', attackerFile('dotenv'));
    write('docs/ok.md', '# Ok\n');
    link('docs/env.md', '../.env');
    const summary = await t.runStep('markdown.import', { files: 'docs/*.md', organization: 'Acme Corp' });
    expect(summary.messages).toEqual([
      expect.objectContaining({
        code: 'EMARKDOWN_UNSAFE_PATH',
        item: 'docs/env.md',
        reason: 'docs/env.md was not read: it leads into a hidden file or folder (.env)',
      }),
    ]);
    expect(await everythingUploaded(t)).not.toContain('hunter2');
  });
});

describe('issue 17.2: only real images are uploaded', () => {
  it('refuses dotfiles, .git/, non-images and SVG per image; real images go up under their true type', async () => {
    const t = await engine();
    write('.git/config', attackerFile('git-config'));
    write('.env', attackerFile('dotenv'));
    write('docs/img/config.png', attackerFile('git-config')); // text posing as an image
    write('docs/img/script.svg', attackerFile('script.svg'));
    write('docs/img/.hidden.png', PNG);
    write('docs/img/ok.png', PNG);
    // An image under a name a browser would render as a page (other bytes: one upload per content).
    write('docs/img/photo.html', Buffer.concat([PNG, Buffer.from('<html>')]));
    const svg = attackerFile('script.svg').toString('base64');
    write(
      'docs/images.md',
      [
        '# Images',
        '![git](/.git/config) ![env](../.env) ![fake](img/config.png) ![svg](img/script.svg)',
        `![hidden](img/.hidden.png) ![inline svg](data:image/png;base64,${svg})`,
        '![ok](img/ok.png) ![photo](img/photo.html)',
      ].join('\n\n'),
    );
    const summary = await t.runStep('markdown.import', { files: 'docs/*.md', organization: 'Acme Corp' });
    expect(summary.counts).toMatchObject({ created: 1, failed: 0 }); // the file imports without them
    const reasons = summary.messages.map((m) => [
      m.code,
      m.severity,
      m.reason.replace('docs/images.md: image ', ''),
    ]);
    expect(reasons).toEqual([
      [
        'EMARKDOWN_IMAGE',
        'warning',
        '/.git/config left out: /.git/config is a hidden file or inside a hidden folder (.git/config)',
      ],
      [
        'EMARKDOWN_IMAGE',
        'warning',
        '../.env left out: ../.env is a hidden file or inside a hidden folder (.env)',
      ],
      [
        'EMARKDOWN_IMAGE',
        'warning',
        'img/config.png left out: its content is not a PNG, JPEG, GIF, WebP, BMP or TIFF image',
      ],
      [
        'EMARKDOWN_IMAGE',
        'warning',
        'img/script.svg left out: SVG images are not uploaded: an SVG can carry script',
      ],
      [
        'EMARKDOWN_IMAGE',
        'warning',
        'img/.hidden.png left out: img/.hidden.png is a hidden file or inside a hidden folder (docs/img/.hidden.png)',
      ],
      [
        'EMARKDOWN_IMAGE',
        'warning',
        `data:image/png;base64,${svg} left out: data: URI: SVG images are not uploaded: an SVG can carry script`,
      ],
    ]);
    expect(summary.messages.every((m) => m.hint?.includes('PNG, JPEG, GIF, WebP, BMP or TIFF'))).toBe(true);
    expect((await dumped(t, 'attachments')).map((a) => a.attributes['attachment-file-name']).sort()).toEqual([
      'ok.png',
      'photo.png',
    ]);
    const everything = await everythingUploaded(t);
    for (const secret of ['FAKE-TOKEN', 'hunter2', '<script>', 'onload'])
      expect(everything).not.toContain(secret);
  });
});

describe('issue 17.3: writeBack writes only inside the config folder, never through a link', () => {
  it('ignores a planted temp-file link, refuses a linked file, and never edits a file outside', async () => {
    const t = await engine();
    const victim = path.join(outside, 'victim.txt');
    fs.writeFileSync(victim, 'do not touch\n');
    write('docs/a.md', '# A\n');
    // The old writer's temporary name, planted as a link to the victim.
    link(`docs/a.md.glueflow-${process.pid}.tmp`, victim);
    write('shared/b.md', '# B\n');
    link('docs/b.md', '../shared/b.md'); // a file that is a link (inside the folder)
    link('docs/outside', path.join(outside, 'notes')); // a folder that leads out
    const summary = await t.runStep('markdown.import', {
      files: 'docs/**/*.md',
      organization: 'Acme Corp',
      writeBack: true,
    });
    expect(fs.readFileSync(victim, 'utf8')).toBe('do not touch\n');
    expect(fs.readFileSync(path.join(outside, 'notes/outside-note.md'), 'utf8')).not.toContain('itglue-id');
    expect(fs.readFileSync(path.join(cfg, 'docs/a.md'), 'utf8')).toMatch(/^---\nitglue-id: \d+\n---\n# A\n$/);
    expect(fs.lstatSync(path.join(cfg, `docs/a.md.glueflow-${process.pid}.tmp`)).isSymbolicLink()).toBe(true);
    // The linked file: imported from its real path, but its id is not written through the link.
    expect(fs.lstatSync(path.join(cfg, 'docs/b.md')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(cfg, 'shared/b.md'), 'utf8')).toBe('# B\n');
    expect(summary.messages.filter((m) => m.code === 'EMARKDOWN_WRITE_BACK')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        item: 'docs/b.md',
        reason: expect.stringMatching(
          /^docs\/b\.md: itglue-id: \d+ was not written: .*docs\/b\.md is a symbolic link$/,
        ),
      }),
    ]);
    expect((await dumped(t, 'flexible-assets')).map(titleOf).sort()).toEqual(['A', 'B']);
    // Nothing but a.md changed in the folder: no temporary file left behind either.
    expect(fs.readdirSync(path.join(cfg, 'docs')).sort()).toEqual([
      'a.md',
      `a.md.glueflow-${process.pid}.tmp`,
      'b.md',
      'outside',
    ]);
  });
});
