/**
 * Which URLs survive, checked the way a browser reads them (WHATWG URL: leading spaces and control
 * characters ignored, tabs and newlines removed anywhere, scheme case-insensitive). rehype-sanitize's own
 * protocol check is an allow-list compared case-sensitively (it drops `MAILTO:` and relative paths such
 * as `foo):`), and its allow-list would drop the links runbooks are made of: `rdp://`, `ssh://`, `tel:`,
 * `smb://`, remote-control tools' own schemes (`teamviewer10://`, `anydesk:` …). So:
 * - links (`href`, `cite`): any scheme except those that run script or carry a document inline;
 * - images (`src`): http, https or relative only (local files and data: URIs are uploaded before this).
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

const SCRIPT_SCHEMES: ReadonlySet<string> = new Set([
  'javascript',
  'vbscript',
  'livescript',
  'mocha',
  'data',
  'blob',
  'filesystem',
  'jar',
]);
const IMAGE_SCHEMES: ReadonlySet<string> = new Set(['http', 'https']);
const LINK_ATTRIBUTES = ['href', 'cite'] as const;
const IMAGE_ATTRIBUTES = ['src', 'longDesc'] as const;

/** The URL's scheme in lower case, as a browser would parse it; undefined for a relative URL. */
export function urlScheme(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- WHATWG URL strips C0 controls and spaces first
  const cleaned = url.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  return /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned)?.[1]?.toLowerCase();
}

export function isSafeLink(url: string): boolean {
  const scheme = urlScheme(url);
  return scheme === undefined || !SCRIPT_SCHEMES.has(scheme);
}

export function isSafeImage(url: string): boolean {
  const scheme = urlScheme(url);
  return scheme === undefined || IMAGE_SCHEMES.has(scheme);
}

/** Removes unsafe URL attributes; runs after rehype-sanitize, whose protocol lists are switched off. */
export function rehypeSafeUrls() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      for (const name of LINK_ATTRIBUTES) dropUnless(node, name, isSafeLink);
      for (const name of IMAGE_ATTRIBUTES) dropUnless(node, name, isSafeImage);
    });
  };
}

function dropUnless(node: Element, name: string, safe: (url: string) => boolean): void {
  const value = node.properties[name];
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !safe(value)) delete node.properties[name];
}
