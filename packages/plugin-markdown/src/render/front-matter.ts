/**
 * remark plugin: parse the YAML front matter node (from remark-frontmatter) into `file.data.frontMatter`.
 * Front matter is a YAML *mapping* between `---` lines at the top. A blank block or a lone scalar there
 * is ordinary markdown (`---\n---` is two rules, `---\nFoo\n---` a rule and a heading), so those throw
 * `NotFrontMatter` and renderMarkdown parses the file again without front matter.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { parse } from 'yaml';

export class FrontMatterError extends Error {
  readonly code = 'EMARKDOWN_FRONT_MATTER';
  readonly hint = 'front matter is YAML between two `---` lines at the top of the file, e.g. `title: VPN`';
  constructor(
    message: string,
    /** `line:column` in the markdown file. */
    readonly place: string | undefined,
  ) {
    super(message);
    this.name = 'FrontMatterError';
  }
}

/** Signal, not an error: the top `---` block is markdown, not front matter. */
export class NotFrontMatter extends Error {}

export function remarkParseFrontMatter() {
  return (tree: Root, file: VFile) => {
    const node = tree.children.find((child) => child.type === 'yaml');
    if (!node || node.type !== 'yaml') {
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
      throw new FrontMatterError(
        `invalid front matter: ${e.message.split('\n')[0]}`,
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
