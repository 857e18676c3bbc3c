/**
 * Markdown → sanitized HTML for IT Glue, on unified: remark-parse → front matter → GFM → title →
 * remark-rehype → slugs → URL rewrites → rehype-sanitize (after the last unsafe step) → URL policy →
 * anchor fix → stringify. Pure: no I/O; uploads and link targets come in through `rewriteUrl`.
 */
import { unified } from 'unified';
import type { Processor } from 'unified';
import { VFile } from 'vfile';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeSlug from 'rehype-slug';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import { sanitizeSchema } from './sanitize-schema.js';
import { NotFrontMatter, remarkParseFrontMatter } from './front-matter.js';
import { remarkExtractTitle, resolveTitle } from './title.js';
import { rehypeFixAnchors, rehypeRewriteUrls } from './links.js';
import type { UrlRewriter } from './links.js';
import { rehypeSafeUrls } from './url-policy.js';
import { rehypeCollectSections } from './sections.js';
import type { RenderedSection } from './sections.js';

export interface RenderOptions {
  /** Take the first H1 out of the body when it becomes the title. Default true. */
  extractTitle?: boolean;
  /** Used as the title (base name, no extension) when neither front matter nor an H1 gives one. */
  fileName?: string;
  /** Called for every image `src` and link `href` before sanitizing (upload local images, link files). */
  rewriteUrl?: UrlRewriter;
  /** `h2`: also return the body split at top-level H2s (IT Glue document sections). */
  sections?: 'h2';
}

export interface RenderedMarkdown {
  html: string;
  title?: string;
  frontMatter: Record<string, unknown>;
  /** With `sections: 'h2'`: the body split at top-level H2s. */
  sections?: RenderedSection[];
}

/** Throws FrontMatterError (code EMARKDOWN_FRONT_MATTER, `place` = line:column) for broken front matter. */
export async function renderMarkdown(source: string, options: RenderOptions = {}): Promise<RenderedMarkdown> {
  const input = () =>
    new VFile({ value: source, data: options.rewriteUrl ? { rewriteUrl: options.rewriteUrl } : {} });
  let file;
  try {
    file = await processorFor(options, true).process(input());
  } catch (error) {
    if (!(error instanceof NotFrontMatter)) throw error;
    file = await processorFor(options, false).process(input());
  }
  const title = resolveTitle(file, options.fileName);
  return {
    html: String(file).trim(),
    ...(title ? { title } : {}),
    frontMatter: file.data.frontMatter ?? {},
    ...(file.data.sections ? { sections: file.data.sections } : {}),
  };
}

/**
 * Frozen processors, one per variant (8 at most), shared by every call: building one costs about a
 * quarter of rendering a 10 KB file. A frozen processor is immutable and its plugins keep per-file
 * data on the file (`file.data`), so sharing is safe, also between concurrent renders.
 */
const processors = new Map<string, Processor>();

function processorFor(options: RenderOptions, frontMatter: boolean): Processor {
  const key = `${frontMatter}|${options.extractTitle === false}|${options.sections ?? ''}`;
  let processor = processors.get(key);
  if (!processor) {
    processor = createProcessor(options, frontMatter).freeze() as unknown as Processor;
    processors.set(key, processor);
  }
  return processor;
}

function createProcessor(options: RenderOptions, frontMatter: boolean) {
  const parser = unified().use(remarkParse);
  if (frontMatter) parser.use(remarkFrontmatter, ['yaml']).use(remarkParseFrontMatter);
  return (
    parser
      .use(remarkGfm)
      .use(remarkExtractTitle, { keepHeading: options.extractTitle === false })
      // Footnote ids unprefixed here: rehype-sanitize adds `user-content-` once, rehypeFixAnchors follows.
      .use(remarkRehype, { clobberPrefix: '' })
      .use(rehypeSlug)
      .use(rehypeRewriteUrls)
      .use(rehypeSanitize, sanitizeSchema)
      .use(rehypeSafeUrls)
      .use(rehypeFixAnchors)
      .use(options.sections === 'h2' ? [rehypeCollectSections] : [])
      .use(rehypeStringify)
  );
}
