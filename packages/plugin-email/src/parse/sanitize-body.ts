/**
 * Mail HTML is hostile input shown inside IT Glue. sanitize-html (htmlparser2, forgiving with the
 * broken markup mail clients produce) keeps an allowlist of tags and attributes: no <script>, no
 * `on*` handlers, no javascript: URLs, no <style>/<iframe>/<form>. Chosen over rehype-sanitize because
 * mail needs per-tag attribute rules (table layout, img) and a transform for `cid:` images in one pass.
 */
import sanitizeHtml from 'sanitize-html';

/** Bodies beyond this are cut (IT Glue renders, stores and searches them; the .eml keeps the rest). */
export const MAX_BODY_CHARS = 256 * 1024;

export interface BodyOptions {
  /** File names of inline images by Content-ID, to name them where the image was. */
  inlineNames: ReadonlyMap<string, string>;
}

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== 'style'),
  'img',
  'font',
  'center',
  'u',
  's',
];

const BASE_RULES: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan', 'align', 'valign'],
    th: ['colspan', 'rowspan', 'align', 'valign', 'scope'],
    table: ['border', 'cellpadding', 'cellspacing'],
    font: ['color'],
    '*': ['dir', 'lang'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['https', 'cid'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head'],
};

export function sanitizeBody(html: string, options: BodyOptions): string {
  const clean = sanitizeHtml(html, {
    ...BASE_RULES,
    transformTags: {
      // A cid: image cannot be shown from IT Glue's page; say which attachment it was instead.
      img: (tagName, attribs) => {
        const src = attribs.src ?? '';
        if (!src.toLowerCase().startsWith('cid:')) return { tagName, attribs };
        const name = options.inlineNames.get(src.slice(4).trim().toLowerCase());
        return {
          tagName: 'span',
          attribs: {},
          text: name ? `[image: ${name}]` : '',
        };
      },
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }),
    },
  });
  return truncate(clean.trim());
}

/** Plain-text bodies become escaped paragraphs so IT Glue shows the line breaks. */
export function textToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, '<br>')}</p>`);
  return truncate(paragraphs.join('\n'));
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function truncate(html: string): string {
  if (html.length <= MAX_BODY_CHARS) return html;
  // Cut at a tag boundary and let a final sanitize pass close what the cut left open.
  const cut = html.slice(0, html.lastIndexOf('<', MAX_BODY_CHARS));
  return `${sanitizeHtml(cut, BASE_RULES)}\n<p><em>[message body truncated; the full text is in the original message]</em></p>`;
}
