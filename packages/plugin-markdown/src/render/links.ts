/**
 * hast plugins around sanitizing:
 * - `rehypeRewriteUrls` runs BEFORE rehype-sanitize: lets the caller point local images at uploaded
 *   copies (data: URIs, which IT Glue rejects, become real URLs) and relative links at their targets.
 * - `rehypeFixAnchors` runs AFTER: rehype-sanitize prefixes ids with `user-content-` (DOM-clobbering
 *   protection), which breaks `#anchor` links; point those links at the prefixed ids.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

export type UrlKind = 'image' | 'link';
/** Return a new URL, `null` to drop the element's URL, or `undefined` to keep it. */
export type UrlRewriter = (url: string, kind: UrlKind) => string | null | undefined;

/** The rewriter comes with the file (`file.data.rewriteUrl`), so one frozen processor serves all calls. */
export function rehypeRewriteUrls() {
  return (tree: Root, file: VFile) => {
    const rewrite = file.data.rewriteUrl;
    if (!rewrite) return;
    visit(tree, 'element', (node: Element) => {
      const attribute = node.tagName === 'img' ? 'src' : node.tagName === 'a' ? 'href' : undefined;
      const url = attribute ? node.properties[attribute] : undefined;
      if (!attribute || typeof url !== 'string') return;
      const next = rewrite(url, node.tagName === 'img' ? 'image' : 'link');
      if (next === null) delete node.properties[attribute];
      else if (next !== undefined) node.properties[attribute] = next;
    });
  };
}

export const CLOBBER_PREFIX = 'user-content-';

export function rehypeFixAnchors() {
  return (tree: Root) => {
    const ids = new Set<string>();
    const anchors: Element[] = [];
    visit(tree, 'element', (node: Element) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id);
      const href = node.properties.href;
      if (node.tagName === 'a' && typeof href === 'string' && href.startsWith('#')) anchors.push(node);
    });
    for (const node of anchors) {
      const fragment = (node.properties.href as string).slice(1);
      const target = decodeFragment(fragment);
      if (!target.startsWith(CLOBBER_PREFIX) && ids.has(CLOBBER_PREFIX + target)) {
        node.properties.href = `#${CLOBBER_PREFIX}${fragment}`;
      }
    }
  };
}

/** `#caf%C3%A9` names the id `café`; a malformed escape is taken literally, as browsers do. */
function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

declare module 'vfile' {
  interface DataMap {
    rewriteUrl: UrlRewriter;
  }
}
