/**
 * HTML normalisation for conformance comparisons, after commonmark's `test/normalize.py`: both sides
 * are parsed (so `<hr />`/`<hr>`, entity spellings and attribute order stop mattering), whitespace
 * outside `<pre>` is collapsed and dropped around block tags, and attributes are sorted.
 * Heading `id`s are dropped: rehype-slug adds them on purpose (in-page links) and the spec has none.
 */
import { fromHtml } from 'hast-util-from-html';
import type { Nodes } from 'hast';

const BLOCK_TAGS = [
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'html',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
];
const VOID_TAGS = new Set(['br', 'hr', 'img', 'input', 'col', 'area', 'wbr']);
const AROUND_BLOCK = new RegExp(`\\s*(</?(?:${BLOCK_TAGS.join('|')})(?:\\s[^>]*)?>)\\s*`, 'g');

export function normalizeHtml(html: string): string {
  const tree = fromHtml(html, { fragment: true });
  return serialize(tree, false).replace(AROUND_BLOCK, '$1').trim();
}

function serialize(node: Nodes, inPre: boolean): string {
  switch (node.type) {
    case 'root':
      return node.children.map((child) => serialize(child, inPre)).join('');
    case 'text': {
      const text = escape(node.value);
      return inPre ? text.replace(/\s/g, (c) => `&#${c.charCodeAt(0)};`) : text.replace(/\s+/g, ' ');
    }
    case 'element': {
      const heading = /^h[1-6]$/.test(node.tagName);
      const attributes = Object.entries(node.properties)
        .filter(([name, value]) => !(heading && name === 'id') && value !== false && value != null)
        .map(([name, value]) =>
          value === true
            ? name
            : `${name}="${escape(Array.isArray(value) ? value.join(' ') : String(value))}"`,
        )
        .sort();
      const open = `<${[node.tagName, ...attributes].join(' ')}>`;
      if (VOID_TAGS.has(node.tagName)) return open;
      const pre = inPre || node.tagName === 'pre';
      return `${open}${node.children.map((child) => serialize(child, pre)).join('')}</${node.tagName}>`;
    }
    default:
      return '';
  }
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
