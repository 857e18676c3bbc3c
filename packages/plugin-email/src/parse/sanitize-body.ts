/**
 * Mail HTML is hostile input shown inside IT Glue. It is parsed the way a browser would (parse5 via
 * hast-util-from-html — broken markup from mail clients ends up where a browser puts it) and cleaned
 * with hast-util-sanitize's allowlist: no <script>/<style>/<iframe>/<form>, no `on*` handlers, no
 * javascript: or data: URLs. The same unified/hast stack as @glueflow/plugin-markdown; sanitize-html
 * was the alternative, but its current release pulls an ESM-only parser through CommonJS.
 */
import { fromHtml } from 'hast-util-from-html';
import { defaultSchema, sanitize } from 'hast-util-sanitize';
import type { Schema } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { ElementContent, Root, RootContent } from 'hast';

/** Bodies beyond this are cut (IT Glue renders, stores and searches them; the .eml keeps the rest). */
export const MAX_BODY_CHARS = 256 * 1024;

export interface BodyOptions {
  /** File names of inline images by lower-cased Content-ID, to name them where the image was. */
  inlineNames: ReadonlyMap<string, string>;
}

const CELL = ['colSpan', 'rowSpan', 'align', 'vAlign'];

const SCHEMA: Schema = {
  ...defaultSchema,
  // GitHub's schema allows task-list checkboxes; mail has no use for form controls.
  tagNames: [
    ...(defaultSchema.tagNames ?? []).filter((tag) => tag !== 'input'),
    'font',
    'center',
    'u',
    'span',
    'caption',
    'col',
    'colgroup',
  ],
  attributes: {
    ...defaultSchema.attributes,
    td: [...(defaultSchema.attributes?.td ?? []), ...CELL],
    th: [...(defaultSchema.attributes?.th ?? []), ...CELL, 'scope'],
    table: ['border', 'cellPadding', 'cellSpacing'],
    font: ['color'],
    img: ['src', 'alt', 'title', 'width', 'height'],
  },
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto', 'tel'], src: ['https'] },
  // Removed with their content (not unwrapped): code, CSS, titles and form controls are not body text.
  strip: ['script', 'style', 'title', 'template', 'textarea', 'select', 'noscript'],
};

export function sanitizeBody(html: string, options: BodyOptions): string {
  const tree = fromHtml(html, { fragment: true });
  replaceCidImages(tree, options.inlineNames);
  const clean = sanitize(tree, SCHEMA) as Root;
  return serializeWithin(clean);
}

/** Plain-text bodies become escaped paragraphs so IT Glue shows the line breaks. */
export function textToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, '<br>')}</p>`);
  const html = paragraphs.join('\n');
  return html.length <= MAX_BODY_CHARS ? html : serializeWithin(fromHtml(html, { fragment: true }));
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A cid: image cannot be shown from IT Glue's page: say which attachment it was instead. */
function replaceCidImages(node: Root | ElementContent, names: ReadonlyMap<string, string>): void {
  if (!('children' in node)) return;
  node.children = node.children.map((child): RootContent => {
    if (child.type === 'element' && child.tagName === 'img') {
      const src = String(child.properties.src ?? '');
      if (src.toLowerCase().startsWith('cid:')) {
        const name = names.get(src.slice(4).trim().toLowerCase());
        return { type: 'text', value: name ? `[image: ${name}]` : '' };
      }
    }
    if (child.type === 'element') replaceCidImages(child, names);
    return child;
  }) as typeof node.children;
}

/** Whole top-level blocks up to the size limit, then a note: the cut never leaves a tag open. */
function serializeWithin(tree: Root): string {
  const full = toHtml(tree).trim();
  if (full.length <= MAX_BODY_CHARS) return full;
  const parts: string[] = [];
  let size = 0;
  for (const child of tree.children) {
    const html = toHtml(child);
    if (size + html.length > MAX_BODY_CHARS) break;
    parts.push(html);
    size += html.length;
  }
  parts.push('<p><em>[message body truncated; the full text is in the original message]</em></p>');
  return parts.join('').trim();
}
