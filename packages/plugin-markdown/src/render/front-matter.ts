/**
 * remark plugin: parse the YAML front matter node (from remark-frontmatter) into `file.data.frontMatter`.
 * Front matter is a YAML *mapping* between `---` lines at the top. A blank block or a lone scalar there
 * is ordinary markdown (`---\n---` is two rules, `---\nFoo\n---` a rule and a heading), so those throw
 * `NotFrontMatter` and renderMarkdown parses the file again without front matter. An opening `---`
 * followed by `key:` lines but never closed is an error: read as markdown, the YAML would be
 * published into IT Glue as a paragraph.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { parse } from 'yaml';

const FRONT_MATTER_HINT =
  'front matter is YAML between two `---` lines at the top of the file, e.g. `title: VPN`';

export class FrontMatterError extends Error {
  readonly code = 'EMARKDOWN_FRONT_MATTER';
  constructor(
    message: string,
    /** `line:column` in the markdown file. */
    readonly place: string | undefined,
    readonly hint = FRONT_MATTER_HINT,
  ) {
    super(message);
    this.name = 'FrontMatterError';
  }
}

/** Line 1 opens front matter and line 2 is a `key:` line: what an unclosed block looks like. */
const UNCLOSED = /^\uFEFF?---[ \t]*\r?\n[ \t]*[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|\r?\n|$)/;

/** Signal, not an error: the top `---` block is markdown, not front matter. */
export class NotFrontMatter extends Error {}

export function remarkParseFrontMatter() {
  return (tree: Root, file: VFile) => {
    const node = tree.children.find((child) => child.type === 'yaml');
    if (!node || node.type !== 'yaml') {
      if (UNCLOSED.test(String(file.value))) {
        throw new FrontMatterError(
          'front matter is not closed: the `---` on line 1 has no closing `---` line',
          '1:1',
          'add a `---` line after the last front matter line; if line 1 is meant as a horizontal rule, put a blank line after it',
        );
      }
      file.data.frontMatter = {};
      return;
    }
    if (node.value.trim() === '') throw new NotFrontMatter();
    let value: unknown;
    try {
      value = parse(node.value);
    } catch (error) {
      const e = error as { message: string; linePos?: Array<{ line: number; col: number }> };
      // +1: the opening `---` line precedes the YAML text.
      const pos = e.linePos?.[0];
      // yaml ends its message with its own place, counted within the YAML text (one line short):
      // the file's place is given once, by `place`.
      const reason = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new FrontMatterError(
        `invalid front matter: ${reason}`,
        pos ? `${pos.line + 1}:${pos.col}` : undefined,
      );
    }
    if (value !== null && typeof value !== 'object') throw new NotFrontMatter();
    if (Array.isArray(value)) {
      throw new FrontMatterError('front matter must be a YAML mapping (key: value lines)', '2:1');
    }
    file.data.frontMatter = (value ?? {}) as Record<string, unknown>;
  };
}
