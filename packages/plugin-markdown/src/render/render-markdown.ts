/**
 * Markdown → sanitized HTML for IT Glue, on unified: remark-parse → front matter → GFM → title →
 * remark-rehype → slugs → URL rewrites → rehype-sanitize (last unsafe step) → anchor fix → stringify.
 * Pure: no I/O; uploads and link targets come in through `rewriteUrl`.
 */
import path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeSlug from 'rehype-slug';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import { sanitizeSchema } from './sanitize-schema.js';
import { remarkParseFrontMatter } from './front-matter.js';
import { remarkExtractTitle } from './title.js';
import { rehypeFixAnchors, rehypeRewriteUrls } from './links.js';
import type { UrlRewriter } from './links.js';

export interface RenderOptions {
  /** Take the first H1 out of the body when it becomes the title. Default true. */
  extractTitle?: boolean;
  /** Used as the title when neither front matter nor an H1 gives one. */
  fileName?: string;
  rewriteUrl?: UrlRewriter;
}

export interface RenderedMarkdown {
  html: string;
  title?: string;
  frontMatter: Record<string, unknown>;
}

export async function renderMarkdown(source: string, options: RenderOptions = {}): Promise<RenderedMarkdown> {
  const processor = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkParseFrontMatter)
    .use(remarkGfm)
    .use(remarkExtractTitle, { keepHeading: options.extractTitle === false })
    .use(remarkRehype)
    .use(rehypeSlug)
    .use(rehypeRewriteUrls, { rewrite: options.rewriteUrl })
    .use(rehypeSanitize, sanitizeSchema)
    .use(rehypeFixAnchors)
    .use(rehypeStringify);
  const file = await processor.process(source);
  const frontMatter: Record<string, unknown> = file.data.frontMatter ?? {};
  const fromMatter =
    typeof frontMatter.title === 'string' && frontMatter.title.trim() ? frontMatter.title.trim() : undefined;
  const fromName = options.fileName
    ? path.basename(options.fileName, path.extname(options.fileName))
    : undefined;
  const title = fromMatter ?? file.data.heading ?? fromName;
  return { html: String(file).trim(), ...(title ? { title } : {}), frontMatter };
}
