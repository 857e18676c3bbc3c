/**
 * Markdown → sanitized HTML for IT Glue, on unified (see processors.ts for the pipeline). Pure: no
 * I/O; uploads and link targets come in through `rewriteUrl`. `parseMarkdown` + `finishMarkdown` are
 * the same thing in two halves, for callers that render one parse more than once. Hostile input fails
 * with MarkdownTooComplexError instead of stalling: nesting is bounded before parsing (complexity.ts)
 * and the parse runs under a time budget (time-budget.ts).
 */
import type { Root } from 'hast';
import { VFile } from 'vfile';
import { checkNesting, MarkdownTooComplexError } from './complexity.js';
import { NotFrontMatter } from './front-matter.js';
import { resolveTitle } from './title.js';
import type { UrlRewriter } from './links.js';
import type { RenderedSection } from './sections.js';
import { toHtml, toSanitizedTree } from './processors.js';
import { isStackOverflow, TimeBudgetExceeded, withinTime } from './time-budget.js';
import type { DroppedLink } from './url-policy.js';

/** Default time one file may take to parse: about 100× a 10 KB runbook's, 3× a dense 230 KB file's. */
export const DEFAULT_PARSE_MS = 30_000;

export interface RenderOptions {
  /** Take the first H1 out of the body when it becomes the title. Default true. */
  extractTitle?: boolean;
  /** Used as the title (base name, no extension) when neither front matter nor an H1 gives one. */
  fileName?: string;
  /** Called for every image `src` and link `href` before sanitizing (upload local images, link files). */
  rewriteUrl?: UrlRewriter;
  /** `h2`: also return the body split at top-level H2s (IT Glue document sections). */
  sections?: 'h2';
  /** Link schemes kept besides http, https, mailto and tel (e.g. `rdp`, `ssh`); lower case. */
  linkSchemes?: readonly string[];
  /** Milliseconds the parse may take before MarkdownTooComplexError. Default DEFAULT_PARSE_MS. */
  maxParseMs?: number;
  /** Blockquote/list nesting read at most (checked before parsing). Default 100. */
  maxNesting?: number;
}

export interface RenderedMarkdown {
  html: string;
  title?: string;
  frontMatter: Record<string, unknown>;
  /** With `sections: 'h2'`: the body split at top-level H2s. */
  sections?: RenderedSection[];
  /** Links whose scheme is not allowed: their `href` was removed, their text kept. */
  droppedLinks?: DroppedLink[];
}

/**
 * Throws FrontMatterError (code EMARKDOWN_FRONT_MATTER, `place` = line:column) for broken front matter
 * and MarkdownTooComplexError (EMARKDOWN_TOO_COMPLEX) for nesting or parse time over the limits.
 */
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
  options: Pick<RenderOptions, 'extractTitle' | 'fileName' | 'maxParseMs' | 'maxNesting'> = {},
): Promise<ParsedMarkdown> {
  return parseMarkdownSync(source, options);
}

/** parseMarkdown without the promise: every plugin of the tree processor is synchronous. */
export function parseMarkdownSync(
  source: string,
  options: Pick<RenderOptions, 'extractTitle' | 'fileName' | 'maxParseMs' | 'maxNesting'> = {},
): ParsedMarkdown {
  checkNesting(source, options.maxNesting);
  const keepHeading = options.extractTitle === false;
  const budgetMs = options.maxParseMs ?? DEFAULT_PARSE_MS;
  const deadline = Date.now() + budgetMs;
  const run = (frontMatter: boolean) => {
    const processor = toSanitizedTree(frontMatter, keepHeading);
    const file = new VFile(source);
    const tree = withinTime(deadline - Date.now(), () => processor.runSync(processor.parse(file), file));
    return { file, tree: tree as Root };
  };
  let parsed;
  try {
    try {
      parsed = run(true);
    } catch (error) {
      if (!(error instanceof NotFrontMatter)) throw error;
      parsed = run(false);
    }
  } catch (error) {
    throw tooComplex(error, budgetMs);
  }
  const title = resolveTitle(parsed.file, options.fileName);
  return { tree: parsed.tree, ...(title ? { title } : {}), frontMatter: parsed.file.data.frontMatter ?? {} };
}

/**
 * A markdown snippet (a Textbox trait) as the same sanitized HTML the body becomes: no front matter,
 * no title taken out, the same nesting and time limits and URL policy. Synchronous, like every
 * plugin of both processors.
 */
export function renderFragmentSync(
  markdown: string,
  options: Pick<RenderOptions, 'linkSchemes' | 'maxParseMs' | 'maxNesting'> = {},
): RenderedMarkdown {
  checkNesting(markdown, options.maxNesting);
  const budgetMs = options.maxParseMs ?? DEFAULT_PARSE_MS;
  const processor = toSanitizedTree(false, true);
  const file = new VFile(markdown);
  let tree: Root;
  try {
    tree = withinTime(budgetMs, () => processor.runSync(processor.parse(file), file)) as Root;
  } catch (error) {
    throw tooComplex(error, budgetMs);
  }
  return finishSync({ tree, frontMatter: {} }, options, false);
}

/** A time-out or stack overflow as the file's own problem; anything else unchanged. */
function tooComplex(error: unknown, budgetMs: number): unknown {
  if (error instanceof TimeBudgetExceeded) {
    return new MarkdownTooComplexError(
      `parsing took longer than ${budgetMs / 1000} s, so the file was given up (deeply nested emphasis, links or images make the parser slow)`,
      'simplify the nesting; a very large, legitimate file may need a higher time limit (markdown.import option `maxParseSeconds`)',
    );
  }
  if (isStackOverflow(error)) {
    return new MarkdownTooComplexError(
      'the file nests too deeply to be read (the parser ran out of stack)',
      'flatten nested emphasis, links, images, quotes or lists',
    );
  }
  return error;
}

/** HTML of a parsed file with URLs rewritten; the parsed tree is left as it was, for another call. */
export function finishMarkdown(
  parsed: ParsedMarkdown,
  options: Pick<RenderOptions, 'rewriteUrl' | 'sections' | 'linkSchemes'> = {},
): Promise<RenderedMarkdown> {
  return finish(parsed, options, true);
}

async function finish(
  parsed: ParsedMarkdown,
  options: Pick<RenderOptions, 'rewriteUrl' | 'sections' | 'linkSchemes' | 'maxParseMs'>,
  copy: boolean,
): Promise<RenderedMarkdown> {
  return finishSync(parsed, options, copy);
}

function finishSync(
  parsed: ParsedMarkdown,
  options: Pick<RenderOptions, 'rewriteUrl' | 'sections' | 'linkSchemes' | 'maxParseMs'>,
  copy: boolean,
): RenderedMarkdown {
  const processor = toHtml(options.sections === 'h2');
  const file = new VFile({
    data: {
      ...(options.rewriteUrl ? { rewriteUrl: options.rewriteUrl } : {}),
      ...(options.linkSchemes ? { linkSchemes: options.linkSchemes } : {}),
    },
  });
  let html: string;
  try {
    const tree = processor.runSync(copy ? structuredClone(parsed.tree) : parsed.tree, file) as Root;
    html = String(processor.stringify(tree, file)).trim();
  } catch (error) {
    throw tooComplex(error, options.maxParseMs ?? DEFAULT_PARSE_MS);
  }
  return {
    html,
    ...(parsed.title ? { title: parsed.title } : {}),
    frontMatter: parsed.frontMatter,
    ...(file.data.sections ? { sections: file.data.sections } : {}),
    ...(file.data.droppedLinks?.length ? { droppedLinks: file.data.droppedLinks } : {}),
  };
}
