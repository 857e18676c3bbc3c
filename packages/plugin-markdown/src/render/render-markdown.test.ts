import { describe, expect, it } from '@jest/globals';
import { renderMarkdown } from './render-markdown.js';
import { FrontMatterError } from './front-matter.js';

describe('renderMarkdown', () => {
  it('takes the title from front matter before the first H1, and keeps the H1 then', async () => {
    const result = await renderMarkdown('---\ntitle: VPN runbook\nowner: noc\n---\n# Heading\n\nBody');
    expect(result.title).toBe('VPN runbook');
    expect(result.frontMatter).toEqual({ title: 'VPN runbook', owner: 'noc' });
    expect(result.html).toBe('<h1 id="user-content-heading">Heading</h1>\n<p>Body</p>');
  });

  it('uses the first H1 as the title and removes it from the body', async () => {
    const result = await renderMarkdown('# Printer SOP\n\nRestart the *spooler*.');
    expect(result).toEqual({
      html: '<p>Restart the <em>spooler</em>.</p>',
      title: 'Printer SOP',
      frontMatter: {},
    });
  });

  it('keeps the H1 with extractTitle: false and falls back to the file name', async () => {
    expect((await renderMarkdown('# Kept\n\ntext', { extractTitle: false })).html).toContain(
      '<h1 id="user-content-kept">Kept</h1>',
    );
    expect((await renderMarkdown('no heading', { fileName: 'docs/backup-policy.md' })).title).toBe(
      'backup-policy',
    );
  });

  it('renders GFM tables, task lists and fenced code with its language class', async () => {
    const { html } = await renderMarkdown(
      '| Port | Use |\n|---|---|\n| 443 | HTTPS |\n\n- [x] patched\n- [ ] rebooted\n\n```powershell\nGet-Service\n```',
    );
    expect(html).toContain('<table>');
    expect(html).toContain('<td>443</td>');
    expect(html).toContain('<input type="checkbox" checked disabled>');
    expect(html).toContain('<code class="language-powershell">Get-Service\n</code>');
  });

  it('strips scripts and raw HTML, and drops data: images unless rewritten', async () => {
    const { html } = await renderMarkdown(
      '<script>alert(1)</script>\n\n![x](data:image/png;base64,AAAA) [a](javascript:alert(1))',
    );
    expect(html).not.toContain('script');
    expect(html).not.toContain('data:image');
    expect(html).not.toContain('javascript:');
    const rewritten = await renderMarkdown(
      '![diagram](./img/net.png) ![inline](data:image/png;base64,AAAA) ![remote](https://x.test/a.png) [next](./other.md)',
      {
        rewriteUrl: (url, kind) =>
          kind === 'image' && !url.startsWith('https:')
            ? `https://itglue.test/attachments/${url.length}`
            : kind === 'link'
              ? 'https://itglue.test/documents/9'
              : undefined,
      },
    );
    expect(rewritten.html).toContain('src="https://itglue.test/attachments/13"');
    expect(rewritten.html).toContain('src="https://itglue.test/attachments/26"');
    expect(rewritten.html).toContain('src="https://x.test/a.png"');
    expect(rewritten.html).toContain('href="https://itglue.test/documents/9"');
  });

  it('keeps in-page links working despite the user-content- prefix', async () => {
    const { html } = await renderMarkdown('# T\n\nSee [setup](#initial-setup).\n\n## Initial setup\n');
    expect(html).toContain('<a href="#user-content-initial-setup">setup</a>');
    expect(html).toContain('<h2 id="user-content-initial-setup">Initial setup</h2>');
  });

  it('reports broken front matter with its place', async () => {
    const error = await renderMarkdown('---\ntitle: [unclosed\n---\nbody').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FrontMatterError);
    expect(error).toMatchObject({ code: 'EMARKDOWN_FRONT_MATTER' });
    expect((error as FrontMatterError).place).toMatch(/^\d+:\d+$/);
    await expect(renderMarkdown('---\n- a list\n---\n')).rejects.toMatchObject({
      message: 'front matter must be a YAML mapping (key: value lines)',
    });
  });

  it('reads a blank or scalar top block as markdown, not front matter', async () => {
    expect(await renderMarkdown('---\n---\n', { extractTitle: false })).toEqual({
      html: '<hr>\n<hr>',
      frontMatter: {},
    });
    const heading = await renderMarkdown('---\nFreeze\n---\ntext');
    expect(heading.html).toBe('<hr>\n<h2 id="user-content-freeze">Freeze</h2>\n<p>text</p>');
    expect(heading.frontMatter).toEqual({});
  });

  it('skips blank H1s for the title and falls back to the file name', async () => {
    const result = await renderMarkdown('#\n\n# Real\n', { fileName: 'x.md' });
    expect(result.title).toBe('Real');
    expect((await renderMarkdown('#   \n', { fileName: 'ops/dns.md' })).title).toBe('dns');
    expect((await renderMarkdown('text')).title).toBeUndefined();
  });

  it('points footnote links at the prefixed ids', async () => {
    const { html } = await renderMarkdown('a[^1]\n\n[^1]: note');
    expect(html).toContain('href="#user-content-fn-1"');
    expect(html).toContain('id="user-content-fn-1"');
    expect(html).not.toContain('user-content-user-content');
  });
});

describe('renderMarkdown sections', () => {
  it('splits the body at top-level H2s for document sections', async () => {
    const result = await renderMarkdown(
      '# Title\n\nIntro [jump](#steps).\n\n## Steps\n\n1. one\n\n> ## Quoted H2 stays\n\n## Rollback\n',
      { sections: 'h2' },
    );
    expect(result.sections).toEqual([
      { html: '<p>Intro <a href="#user-content-steps">jump</a>.</p>' },
      {
        heading: 'Steps',
        html: '<ol>\n<li>one</li>\n</ol>\n<blockquote>\n<h2 id="user-content-quoted-h2-stays">Quoted H2 stays</h2>\n</blockquote>',
      },
      { heading: 'Rollback', html: '' },
    ]);
    expect((await renderMarkdown('text')).sections).toBeUndefined();
  });
});
