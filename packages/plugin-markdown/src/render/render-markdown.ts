/**
 * Markdown → sanitized HTML for IT Glue, on unified (see processors.ts for the pipeline). Pure: no
 * I/O; uploads and link targets come in through `rewriteUrl`. `parseMarkdown` + `finishMarkdown` are
 * the same thing in two halves, for callers that render one parse more than once.
 */
import type { Root } from 'hast';
import { VFile } from 'vfile';
import { NotFrontMatter } from './front-matter.js';
import { resolveTitle } from './title.js';
import type { UrlRewriter } from './links.js';
import type { RenderedSection } from './sections.js';
import { toHtml, toSanitizedTree } from './processors.js';

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
  return finish(await parseMarkdown(source, options), options, false);
}

/** A parsed, sanitized file: the hast tree before URL rewriting, plus title and front matter. */
export interface ParsedMarkdown {
  readonly tree: Root;
  readonly title?: string;
  readonly frontMatter: Record<string, unknown>;
}

export async function parseMarkdown(
  source: string,
  options: Pick<RenderOptions, 'extractTitle' | 'fileName'> = {},
): Promise<ParsedMarkdown> {
  const keepHeading = options.extractTitle === false;
  const run = async (frontMatter: boolean) => {
    const processor = toSanitizedTree(frontMatter, keepHeading);
    const file = new VFile(source);
    return { file, tree: (await processor.run(processor.parse(file), file)) as Root };
  };
  let parsed;
  try {
    parsed = await run(true);
  } catch (error) {
    if (!(error instanceof NotFrontMatter)) throw error;
    parsed = await run(false);
  }
  const title = resolveTitle(parsed.file, options.fileName);
  return { tree: parsed.tree, ...(title ? { title } : {}), frontMatter: parsed.file.data.frontMatter ?? {} };
}

/** HTML of a parsed file with URLs rewritten; the parsed tree is left as it was, for another call. */
export function finishMarkdown(
  parsed: ParsedMarkdown,
  options: Pick<RenderOptions, 'rewriteUrl' | 'sections'> = {},
): Promise<RenderedMarkdown> {
  return finish(parsed, options, true);
}

async function finish(
  parsed: ParsedMarkdown,
  options: Pick<RenderOptions, 'rewriteUrl' | 'sections'>,
  copy: boolean,
): Promise<RenderedMarkdown> {
  const processor = toHtml(options.sections === 'h2');
  const file = new VFile({ data: options.rewriteUrl ? { rewriteUrl: options.rewriteUrl } : {} });
  const tree = (await processor.run(copy ? structuredClone(parsed.tree) : parsed.tree, file)) as Root;
  return {
    html: String(processor.stringify(tree, file)).trim(),
    ...(parsed.title ? { title: parsed.title } : {}),
    frontMatter: parsed.frontMatter,
    ...(file.data.sections ? { sections: file.data.sections } : {}),
  };
}
