/** The import's pure parts: trait checks, write-back edits, image classification, UTF-8 and ids. */
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { validateTraits } from './traits.js';
import type { TraitRules } from './traits.js';
import fs from 'node:fs';
import os from 'node:os';
import { withItGlueId, writeBackId } from './write-back.js';
import { classifyImage } from './image-sources.js';
import { decodeUtf8, frontMatterId } from './source-files.js';
import { traitLines } from './front-matter-lines.js';
import { settingsOf, pluginOptionsSchema } from './options.js';
import { sectionsOf } from './targets.js';
import { labelOf } from './asset-type.js';
import { PNG } from './__fixtures__/files.js';

const rules: TraitRules = {
  typeName: 'Markdown Document',
  titleField: 'title',
  contentField: 'content',
  fields: [
    { name: 'Title', nameKey: 'title', kind: 'Text', required: true },
    { name: 'Content', nameKey: 'content', kind: 'Textbox', required: false },
    { name: 'Owner', nameKey: 'owner', kind: 'Text', required: false },
    { name: 'Reviewed', nameKey: 'reviewed', kind: 'Checkbox', required: false },
    { name: 'Review interval', nameKey: 'review-interval', kind: 'Number', required: false },
    { name: 'Next review', nameKey: 'next-review', kind: 'Date', required: false },
    { name: 'Systems', nameKey: 'systems', kind: 'Tag', required: false },
    { name: 'Admin password', nameKey: 'admin-password', kind: 'Password', required: false },
  ],
};
const check = (raw: unknown) => validateTraits(raw, rules, 'kb/x.md', () => 4);

describe('validateTraits', () => {
  it('accepts values that fit the field kinds, by name-key or display name', () => {
    expect(
      check({
        owner: 'NOC',
        Reviewed: true,
        'review-interval': '90',
        'next-review': '2027-01-31',
        systems: [12, '13'],
      }),
    ).toEqual({
      owner: 'NOC',
      reviewed: true,
      'review-interval': 90,
      'next-review': '2027-01-31',
      systems: ['12', '13'],
    });
  });

  it('refuses unknown fields, the import’s own fields, secrets and wrong kinds, with the line', () => {
    expect(() => check({ colour: 'blue' })).toThrow(
      expect.objectContaining({
        code: 'EMARKDOWN_TRAITS',
        place: '4:1',
        hint: expect.stringContaining('owner'),
      }),
    );
    expect(() => check({ content: 'x' })).toThrow(/the content field, which the import fills/);
    expect(() => check({ 'admin-password': 'hunter2' })).toThrow(/secrets do not belong in markdown files/);
    expect(() => check({ reviewed: 'yes' })).toThrow(
      'kb/x.md: trait "reviewed" (Checkbox) must be true or false, found "yes"',
    );
    expect(() => check({ 'next-review': 'soon' })).toThrow(/must be a date/);
    expect(() => check(['owner'])).toThrow(/must be a mapping/);
  });
});

describe('traitLines', () => {
  it('finds the line of a trait key in the file', () => {
    const lineOf = traitLines('---\ntitle: x\ntraits:\n  owner: a\n  colour: b\n---\nbody');
    expect(lineOf('colour')).toBe(5);
    expect(lineOf('')).toBe(3);
    expect(traitLines('no front matter')('x')).toBeUndefined();
  });
});

describe('withItGlueId', () => {
  it('adds the id to existing front matter, keeping comments and CRLF', () => {
    expect(withItGlueId('---\r\n# note\r\ntitle: A\r\n---\r\nbody\r\n', '42')).toBe(
      '---\r\n# note\r\ntitle: A\r\nitglue-id: 42\r\n---\r\nbody\r\n',
    );
  });
  it('changes nothing when the id is there, replaces a stale one', () => {
    const source = '---\nitglue-id: 42\n---\nbody\n';
    expect(withItGlueId(source, '42')).toBe(source);
    expect(withItGlueId(source, '43')).toBe('---\nitglue-id: 43\n---\nbody\n');
  });
  it('adds front matter above a file without one (or above a top block that is markdown)', () => {
    expect(withItGlueId('# T\n', '7')).toBe('---\nitglue-id: 7\n---\n# T\n');
    expect(withItGlueId('---\nFreeze\n---\n', '7')).toBe('---\nitglue-id: 7\n---\n---\nFreeze\n---\n');
    expect(withItGlueId('\uFEFF# T\n', '7')).toBe('\uFEFF---\nitglue-id: 7\n---\n# T\n');
  });
});

describe('writeBackId', () => {
  it('keeps a byte order mark, and leaves a file that changed since it was read alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-writeback-'));
    try {
      const file = path.join(dir, 'a.md');
      fs.writeFileSync(file, '\uFEFF# A\n');
      expect(await writeBackId(dir, file, '# A\n', '5')).toBe('written');
      expect(fs.readFileSync(file, 'utf8')).toBe('\uFEFF---\nitglue-id: 5\n---\n# A\n');
      fs.writeFileSync(file, '# A edited\n');
      expect(await writeBackId(dir, file, '# A\n', '5')).toBe('changed-on-disk');
      expect(fs.readFileSync(file, 'utf8')).toBe('# A edited\n');
      expect(await writeBackId(dir, file, '---\nitglue-id: 5\n---\n', '5')).toBe('unchanged');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('classifyImage', () => {
  const base = path.resolve('/repo');
  const dir = path.join(base, 'runbooks');
  it('tells remote, local and data: images apart', () => {
    expect(classifyImage('https://cdn/x.png', dir, base)).toEqual({ kind: 'remote' });
    expect(classifyImage('//cdn/x.png', dir, base)).toEqual({ kind: 'remote' });
    expect(classifyImage('img/my%20net.png?v=2', dir, base)).toEqual({
      kind: 'path',
      path: path.join(dir, 'img', 'my net.png'),
    });
    expect(classifyImage('/assets/logo.png', dir, base)).toMatchObject({
      path: path.join(base, 'assets', 'logo.png'),
    });
    // A data: URI is what its bytes are, whatever type it claims.
    const data = classifyImage(`data:image/gif;base64,${PNG.toString('base64')}`, dir, base);
    expect(data).toMatchObject({
      kind: 'data',
      fileName: expect.stringMatching(/^image-[0-9a-f]{12}\.png$/),
    });
    expect((data as { content: Buffer }).content).toEqual(PNG);
    expect(classifyImage('data:image/svg+xml,%3Csvg%20onload%3Dalert(1)%3E', dir, base)).toEqual({
      kind: 'invalid',
      reason: 'data: URI: SVG images are not uploaded: an SVG can carry script',
    });
  });
  it('refuses paths outside the config folder and non-image data', () => {
    expect(classifyImage('../../etc/passwd', dir, base)).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('outside'),
    });
    expect(classifyImage('data:text/html,<b>x</b>', dir, base)).toMatchObject({ kind: 'invalid' });
    expect(classifyImage('ftp://x/y.png', dir, base)).toMatchObject({ kind: 'invalid' });
  });
});

describe('source files', () => {
  it('decodes UTF-8 (BOM dropped) and names the first bad byte and line', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFcafé'), 'a.md')).toBe('café');
    const latin1 = Buffer.concat([Buffer.from('ok\n\uFFFD\nx'), Buffer.from([0x80])]);
    expect(() => decodeUtf8(latin1, 'a.md')).toThrow(
      'a.md is not UTF-8 text (byte 0x80 at offset 8, line 3)',
    );
  });
  it('reads a front matter id quickly, ignoring broken YAML', () => {
    expect(frontMatterId('---\nid: vpn-runbook\n---\n')).toBe('vpn-runbook');
    expect(frontMatterId('---\nid: 12\n---\n')).toBe('12');
    expect(frontMatterId('---\nid: [\n---\n')).toBeUndefined();
    expect(frontMatterId('# no front matter')).toBeUndefined();
  });
});

describe('options', () => {
  it('merges step options over plugin defaults key by key', () => {
    const plugin = pluginOptionsSchema.parse({ organization: 'Acme', images: 'keep' });
    expect(settingsOf(plugin, { files: 'a/*.md', images: undefined, target: 'document' })).toMatchObject({
      files: ['a/*.md'],
      organization: 'Acme',
      images: 'keep',
      target: 'document',
      flexibleAssetType: 'Markdown Document',
    });
  });
  it('labels fields from name-keys', () => {
    expect(labelOf('title')).toBe('Title');
    expect(labelOf('runbook-owner')).toBe('Runbook owner');
  });
});

describe('sectionsOf', () => {
  it('makes one Text section, or Heading + Text per H2', () => {
    expect(sectionsOf({ html: '<p>x</p>', frontMatter: {} })).toEqual([
      { kind: 'Text', content: '<p>x</p>' },
    ]);
    expect(
      sectionsOf({
        html: '',
        frontMatter: {},
        sections: [{ html: '<p>i</p>' }, { heading: 'Steps', html: '' }],
      }),
    ).toEqual([
      { kind: 'Text', content: '<p>i</p>' },
      { kind: 'Heading', content: 'Steps', level: 2 },
    ]);
  });
});
