/** remark plugin: parse the YAML front matter node (from remark-frontmatter) into `file.data.frontMatter`. */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { parse } from 'yaml';

export class FrontMatterError extends Error {
  readonly code = 'EMARKDOWN_FRONT_MATTER';
  constructor(
    message: string,
    readonly place: string | undefined,
  ) {
    super(message);
  }
}

export function remarkParseFrontMatter() {
  return (tree: Root, file: VFile) => {
    const node = tree.children.find((child) => child.type === 'yaml');
    if (!node || node.type !== 'yaml') {
      file.data.frontMatter = {};
      return;
    }
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
    if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
      throw new FrontMatterError('front matter must be a YAML mapping (key: value lines)', '2:1');
    }
    file.data.frontMatter = (value ?? {}) as Record<string, unknown>;
  };
}
