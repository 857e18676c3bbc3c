/**
 * Fixture folders: `__fixtures__/<case>/input.md` → `output.html` + `output.json` ({ title, frontMatter }),
 * rendered with `fileName: '<case>.md'` and `options.json` when present. Regenerate with `UPDATE=1`, then
 * `prettier --write` them (the repo formats HTML/JSON) and read the diff before committing. HTML is
 * compared as DOM (normalize-html.ts), so formatting the fixtures does not change what they assert.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { renderMarkdown } from './render-markdown.js';
import type { RenderOptions } from './render-markdown.js';
import { normalizeHtml } from './__fixtures__/normalize-html.js';

const root = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const cases = fs
  .readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const update = process.env.UPDATE === '1';

function read(folder: string, name: string): string | undefined {
  const file = path.join(folder, name);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

describe('renderMarkdown fixtures', () => {
  it('has fixture cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases)('%s', async (name) => {
    const folder = path.join(root, name);
    const options = JSON.parse(read(folder, 'options.json') ?? '{}') as RenderOptions;
    const result = await renderMarkdown(read(folder, 'input.md')!, { fileName: `${name}.md`, ...options });
    const meta = { title: result.title ?? null, frontMatter: result.frontMatter };
    if (update) {
      fs.writeFileSync(path.join(folder, 'output.html'), `${result.html}\n`);
      fs.writeFileSync(path.join(folder, 'output.json'), `${JSON.stringify(meta, null, 2)}\n`);
    }
    expect(normalizeHtml(result.html)).toBe(normalizeHtml(read(folder, 'output.html') ?? '(missing)'));
    expect(meta).toEqual(JSON.parse(read(folder, 'output.json') ?? 'null'));
  });
});
