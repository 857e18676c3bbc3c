// Proves the jest setup runs ESM-only packages natively (see reference/integrations.md, "Jest and ESM").
import { describe, expect, it } from '@jest/globals';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';

describe('ESM-only unified pipeline under jest', () => {
  it('renders markdown to HTML', async () => {
    const file = await unified()
      .use(remarkParse)
      .use(remarkRehype)
      .use(rehypeStringify)
      .process('# Runbook\n\nRestart the *print spooler*.');
    expect(String(file)).toBe('<h1>Runbook</h1>\n<p>Restart the <em>print spooler</em>.</p>');
  });
});
