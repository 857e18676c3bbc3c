/**
 * Which URLs survive, checked the way a browser reads them (WHATWG URL: leading spaces and control
 * characters ignored, tabs and newlines removed anywhere, scheme case-insensitive). rehype-sanitize's own
 * protocol check is compared case-sensitively (it drops `MAILTO:` and relative paths such as `foo):`),
 * so it is switched off (sanitize-schema.ts) and this runs after every rewrite:
 * - links (`href`, `cite`): an allow-list — http, https, mailto, tel, and relative or in-page URLs.
 *   Any other scheme opens a program on the reader's machine, and some of those are exploits
 *   (`ms-msdt:` Follina, `search-ms:`, `ms-appinstaller:`, `file://`), besides the script-capable
 *   ones (`javascript:`, `data:`, `vbscript:`). Teams that link `rdp://` or `ssh://` on purpose add
 *   them (`linkSchemes`); the dangerous ones can never be added. A dropped link keeps its text and is
 *   reported (`droppedLinks`), so the import can warn per file;
 * - images (`src`): http, https or relative only (local files and data: URIs are uploaded before this).
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

export const DEFAULT_LINK_SCHEMES: readonly string[] = ['http', 'https', 'mailto', 'tel'];
const IMAGE_SCHEMES: ReadonlySet<string> = new Set(['http', 'https']);
const LINK_ATTRIBUTES = ['href', 'cite'] as const;
const IMAGE_ATTRIBUTES = ['src', 'longDesc'] as const;

/**
 * Schemes no configuration can allow: they run script, carry a document inline, open local files,
 * or start Windows protocol handlers with a record of remote code execution (ms-msdt, search-ms,
 * ms-appinstaller, ms-officecmd …: every `ms-` handler is refused, the family keeps growing).
 */
const NEVER_ALLOWED =
  /^(?:javascript|vbscript|livescript|mocha|data|blob|filesystem|jar|file|view-source|search|search-ms|ms-[a-z0-9+.-]*)$/;

/** Why `scheme` cannot be allowed by `linkSchemes`, or undefined when it can. */
export function refusedLinkScheme(scheme: string): string | undefined {
  return NEVER_ALLOWED.test(scheme.toLowerCase())
    ? `${scheme}: links can run code or open local files on the reader's machine`
    : undefined;
}

/** A link whose `href` was removed: the URL as written and its `line:column` in the markdown. */
export interface DroppedLink {
  url: string;
  place?: string;
}

/** The URL's scheme in lower case, as a browser would parse it; undefined for a relative URL. */
export function urlScheme(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- WHATWG URL strips C0 controls and spaces first
  const cleaned = url.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  return /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned)?.[1]?.toLowerCase();
}

/** Relative and in-page links always pass; a scheme only when allowed (and never a refused one). */
export function isAllowedLink(url: string, extraSchemes: readonly string[] = []): boolean {
  const scheme = urlScheme(url);
  if (scheme === undefined) return true;
  if (refusedLinkScheme(scheme)) return false;
  return DEFAULT_LINK_SCHEMES.includes(scheme) || extraSchemes.includes(scheme);
}

export function isSafeImage(url: string): boolean {
  const scheme = urlScheme(url);
  return scheme === undefined || IMAGE_SCHEMES.has(scheme);
}

/** Removes disallowed URL attributes; runs after every rewrite, so nothing reaches the HTML unchecked. */
export function rehypeSafeUrls() {
  return (tree: Root, file: VFile) => {
    const extra = file.data.linkSchemes ?? [];
    const dropped: DroppedLink[] = [];
    visit(tree, 'element', (node: Element) => {
      for (const name of LINK_ATTRIBUTES) {
        const url = dropUnless(node, name, (value) => isAllowedLink(value, extra));
        if (url === undefined) continue;
        const start = node.position?.start;
        dropped.push({ url, ...(start ? { place: `${start.line}:${start.column}` } : {}) });
      }
      for (const name of IMAGE_ATTRIBUTES) dropUnless(node, name, isSafeImage);
    });
    file.data.droppedLinks = dropped;
  };
}

/** Deletes the attribute unless `safe`; answers the removed value (as text) when one was removed. */
function dropUnless(node: Element, name: string, safe: (url: string) => boolean): string | undefined {
  const value = node.properties[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && safe(value)) return undefined;
  delete node.properties[name];
  return String(value);
}

declare module 'vfile' {
  interface DataMap {
    linkSchemes: readonly string[];
    droppedLinks: DroppedLink[];
  }
}
