/**
 * rehype plugin for the document target: splits the finished (sanitized) tree at top-level H2s, so
 * each H2 becomes an IT Glue Heading section and what follows it a Text section. Runs last, on the
 * same tree the whole-document HTML is made from, so both say the same thing.
 */
import type { Element, Root, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import type { VFile } from 'vfile';

export interface RenderedSection {
  /** Plain text of the H2 that opens the section; absent for the text before the first H2. */
  heading?: string;
  /** The HTML under the heading (may be empty). */
  html: string;
}

export function rehypeCollectSections() {
  return (tree: Root, file: VFile) => {
    const sections: RenderedSection[] = [];
    let current: { heading?: string; nodes: RootContent[] } = { nodes: [] };
    const close = () => {
      const html = toHtml({ type: 'root', children: current.nodes }).trim();
      if (current.heading !== undefined || html !== '')
        sections.push({ ...(current.heading !== undefined ? { heading: current.heading } : {}), html });
    };
    for (const node of tree.children) {
      if (node.type === 'element' && (node as Element).tagName === 'h2') {
        close();
        current = { heading: toString(node).replace(/\s+/g, ' ').trim(), nodes: [] };
      } else current.nodes.push(node);
    }
    close();
    file.data.sections = sections;
  };
}

declare module 'vfile' {
  interface DataMap {
    sections: RenderedSection[];
  }
}
