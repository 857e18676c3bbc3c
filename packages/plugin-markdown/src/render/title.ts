/**
 * remark plugin: the document title is the front matter `title`, else the first depth-1 heading
 * (then removed from the body unless `keepHeading`), else left to the caller (file name).
 */
import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';

export function remarkExtractTitle(options: { keepHeading: boolean }) {
  return (tree: Root, file: VFile) => {
    const index = tree.children.findIndex((node) => node.type === 'heading' && (node as Heading).depth === 1);
    if (index < 0) return;
    file.data.heading = toString(tree.children[index]!);
    // The H1 leaves the body only when it *is* the title (front matter `title` wins over it).
    const titled =
      typeof file.data.frontMatter?.title === 'string' && file.data.frontMatter.title.trim() !== '';
    if (!options.keepHeading && !titled) tree.children.splice(index, 1);
  };
}

declare module 'vfile' {
  interface DataMap {
    heading: string;
    frontMatter: Record<string, unknown>;
  }
}
