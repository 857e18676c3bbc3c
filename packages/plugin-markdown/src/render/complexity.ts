/**
 * Hostile markdown that would stall the import: micromark's work per line grows with the number of
 * open containers (blockquotes, list items), and the trees it builds are walked recursively — 5,000
 * `>` on one line overflow the stack, 60,000 took 104 s first. A linear pre-scan bounds that nesting
 * before the parser sees the text; what it cannot see (nested emphasis, images in images) is bounded
 * by the parse time budget (time-budget.ts). Long lines are not limited: they parse in linear time
 * (a 5 MB `data:` image on one line takes about a second), and inline images are legitimate.
 */

/** Deeper than any document a person writes; far below what breaks the parser (about 5,000). */
export const MAX_NESTING = 100;

export class MarkdownTooComplexError extends Error {
  readonly code = 'EMARKDOWN_TOO_COMPLEX';
  constructor(
    message: string,
    readonly hint: string,
    /** `line:column` in the markdown file, when known. */
    readonly place?: string,
  ) {
    super(message);
    this.name = 'MarkdownTooComplexError';
  }
}

/**
 * Throws MarkdownTooComplexError when a line opens or continues more than `maxNesting` containers.
 * The count is an upper bound: every `>` and list marker at the start of the line, plus one level per
 * two columns of indentation there (a nested list item needs at least two). Lines inside a top-level
 * fenced code block are code, never containers, so they are skipped.
 */
export function checkNesting(source: string, maxNesting = MAX_NESTING): void {
  let fence: { char: string; length: number } | undefined;
  let line = 0;
  for (let start = 0; start <= source.length; line++) {
    let end = source.indexOf('\n', start);
    if (end < 0) end = source.length;
    const text = source.slice(start, end);
    start = end + 1;
    if (fence) {
      if (closesFence(text, fence)) fence = undefined;
      continue;
    }
    const { depth, markers, indent, rest } = containerPrefix(text);
    if (depth > maxNesting) {
      throw new MarkdownTooComplexError(
        `line ${line + 1} nests ${depth} blockquotes or list levels; at most ${maxNesting} are read`,
        'flatten the quoting or list nesting; no document needs that many levels',
        `${line + 1}:1`,
      );
    }
    if (markers === 0 && indent <= 3) fence = opensFence(rest);
  }
}

/** The container markers and indentation at the start of a line (linear in its length). */
function containerPrefix(text: string) {
  let markers = 0;
  let indent = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ') indent += 1;
    else if (c === '\t') indent += 4;
    else if (c === '>') markers += 1;
    else if ((c === '-' || c === '*' || c === '+') && isBlank(text[i + 1])) markers += 1;
    else {
      const digits = /^\d{1,9}[.)]/.exec(text.slice(i, i + 10))?.[0];
      if (!digits || !isBlank(text[i + digits.length])) break;
      markers += 1;
      i += digits.length - 1;
    }
    i += 1;
  }
  return { depth: markers + Math.floor(indent / 2), markers, indent, rest: text.slice(i) };
}

function isBlank(c: string | undefined): boolean {
  return c === undefined || c === ' ' || c === '\t' || c === '\r';
}

/** A backtick fence's info string may not hold a backtick (CommonMark 4.5): then it is no fence. */
function opensFence(rest: string): { char: string; length: number } | undefined {
  const match = /^(`{3,}|~{3,})(.*)$/.exec(rest);
  if (!match) return undefined;
  const [, run = '', info = ''] = match;
  if (run[0] === '`' && info.includes('`')) return undefined;
  return { char: run[0]!, length: run.length };
}

function closesFence(text: string, fence: { char: string; length: number }): boolean {
  const match = /^ {0,3}(`+|~+)[ \t]*\r?$/.exec(text);
  return !!match && match[1]![0] === fence.char && match[1]!.length >= fence.length;
}
