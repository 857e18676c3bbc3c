/**
 * The document title: front matter `title`, else the first top-level H1 (removed from the body unless
 * `keepHeading`, since IT Glue shows the title above the content), else the file name.
 */
import path from 'node:path';
import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';

/** Collapses whitespace; blank → undefined. */
function cleanTitle(text: string): string | undefined {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean === '' ? undefined : clean;
}

/** `title:` from front matter when it is text (or a number/date YAML read as one). */
export function frontMatterTitle(frontMatter: Record<string, unknown> | undefined): string | undefined {
  const title = frontMatter?.title;
  if (typeof title === 'string' || typeof title === 'number') return cleanTitle(String(title));
  return undefined;
}

/**
 * Raw HTML in the heading (`# VPN <img src=x onerror=…>`) is dropped from the body by the sanitizer;
 * it must not reach the title either, which becomes a Text field and the record's name.
 */
export function remarkExtractTitle(options: { keepHeading: boolean }) {
  return (tree: Root, file: VFile) => {
    const index = tree.children.findIndex(
      (node) =>
        node.type === 'heading' &&
        (node as Heading).depth === 1 &&
        cleanTitle(toString(node, { includeHtml: false })),
    );
    if (index < 0) return;
    file.data.heading = cleanTitle(toString(tree.children[index]!, { includeHtml: false }));
    // The H1 leaves the body only when it *is* the title (front matter `title` wins over it).
    if (!options.keepHeading && !frontMatterTitle(file.data.frontMatter)) tree.children.splice(index, 1);
  };
}

export function resolveTitle(file: VFile, fileName: string | undefined): string | undefined {
  return (
    frontMatterTitle(file.data.frontMatter) ??
    file.data.heading ??
    (fileName ? cleanTitle(path.basename(fileName, path.extname(fileName))) : undefined)
  );
}

declare module 'vfile' {
  interface DataMap {
    heading: string;
    frontMatter: Record<string, unknown>;
  }
}
