/**
 * Every relative link in README.md, docs/**\/*.md and packages/*\/README.md points at a file that
 * exists, and every #anchor at a heading (or `<a id>`) of its page, with GitHub's heading ids.
 * External links are not fetched: the suite never goes on the network.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function pages(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => path.join('docs', file));
  const packages = fs
    .readdirSync(path.join(ROOT, 'packages'))
    .map((name) => path.join('packages', name, 'README.md'))
    .filter((file) => fs.existsSync(path.join(ROOT, file)));
  return ['README.md', ...docs, ...packages].sort();
}

/** The text outside fenced code blocks and inline code, where links are links. */
function prose(markdown: string): string {
  return markdown
    .replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\2[^\n]*$/gm, '')
    .replace(/(`+)[\s\S]*?\1/g, '');
}

/** GitHub's heading id: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2 … */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const text = markdown.replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\2[^\n]*$/gm, '');
  for (const [, heading] of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const plain = heading!
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/[`*_~]/g, (c) => (c === '_' ? '_' : ''));
    const base = plain
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const [, id] of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id!);
  return anchors;
}

function linksOf(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)];
  const definitions = [...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)];
  const html = [...text.matchAll(/<(?:a|img)\s[^>]*(?:href|src)="([^"]+)"/g)];
  return [...inline, ...definitions, ...html].map((m) => m[1]!);
}

/** What is wrong with one link of `page`, or undefined when it resolves. */
function brokenLink(page: string, link: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) return undefined; // http:, mailto: … — not fetched
  const [target = '', anchor] = link.split('#') as [string, string | undefined];
  const file =
    target === ''
      ? path.join(ROOT, page)
      : path.resolve(path.dirname(path.join(ROOT, page)), decodeURI(target));
  if (!fs.existsSync(file)) return `${link}: no such file`;
  if (anchor === undefined || anchor === '' || !file.endsWith('.md')) return undefined;
  return anchorsOf(fs.readFileSync(file, 'utf8')).has(decodeURIComponent(anchor).toLowerCase())
    ? undefined
    : `${link}: no heading #${anchor} in ${path.relative(ROOT, file)}`;
}

describe('documentation links', () => {
  it('finds the pages and their links', () => {
    expect(pages()).toEqual(expect.arrayContaining(['README.md', 'docs/cli.md', 'packages/core/README.md']));
    expect(linksOf('[a](x.md) `[b](no.md)` [c]: ./y.md\n```\n[d](no.md)\n```\n<a href="z.md">')).toEqual([
      'x.md',
      'z.md',
    ]);
    expect([
      ...anchorsOf('# The `glueflow` command\n## Exit codes\n## Exit codes\n### 1. A sandbox'),
    ]).toEqual(['the-glueflow-command', 'exit-codes', 'exit-codes-1', '1-a-sandbox']);
  });

  it('resolve: every relative link to a file that exists, every #anchor to a heading', () => {
    const broken = pages().flatMap((page) => {
      const links = linksOf(fs.readFileSync(path.join(ROOT, page), 'utf8'));
      return links.flatMap((link) => {
        const problem = brokenLink(page, link);
        return problem ? [`${page}: ${problem}`] : [];
      });
    });
    expect(broken).toEqual([]);
  });
});
