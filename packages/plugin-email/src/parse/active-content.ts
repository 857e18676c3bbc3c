/**
 * What a file's bytes say about it, where that matters more than its name: a Windows program or a
 * shortcut under a harmless name, and SVG images that carry script (IT Glue serves attachments from its
 * own site, so a script in an SVG would run in the browser of whoever opens it there).
 */

/** The extension the first bytes reveal for programs and shortcuts, whatever the name claims. */
export function sniffExtension(bytes: Uint8Array): string | undefined {
  if (isPortableExecutable(bytes)) return '.exe';
  if (startsWith(bytes, SHELL_LINK)) return '.lnk';
  return undefined;
}

/** MZ header whose e_lfanew points at `PE\0\0` (a DOS stub alone, or text starting "MZ", is not enough). */
function isPortableExecutable(bytes: Uint8Array): boolean {
  if (bytes.length < 64 || bytes[0] !== 0x4d || bytes[1] !== 0x5a) return false;
  const at = (bytes[0x3c] ?? 0) | ((bytes[0x3d] ?? 0) << 8) | ((bytes[0x3e] ?? 0) << 16);
  return at + 4 <= bytes.length && startsWith(bytes.subarray(at), [0x50, 0x45, 0, 0]);
}

/** MS-SHLLINK: HeaderSize 0x4C and the LinkCLSID 00021401-0000-0000-C000-000000000046. */
const SHELL_LINK = [0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((byte, index) => bytes[index] === byte);
}

/** Only the head is needed to tell an SVG document; only an SVG is searched for script. */
const HEAD_BYTES = 4096;

/**
 * An SVG document's start: a byte-order mark, an XML declaration, comments and a doctype (with its
 * internal subset) may come before the `<svg` element; anything else means the file is something else
 * that merely mentions SVG (a text file with a snippet), which no browser renders as an image.
 */
const SVG_START =
  /^(\ufeff|\u00ef\u00bb\u00bf)?\s*(<\?xml[\s\S]*?\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype[^[>]*(\[[\s\S]*?\])?\s*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>/]/i;

/** Whether a file is an SVG image, by its type, its name or how its bytes begin. */
export function isSvg(bytes: Uint8Array, mimeType: string, extension: string): boolean {
  if (mimeType === 'image/svg+xml' || extension === '.svg') return true;
  return SVG_START.test(textOf(bytes.subarray(0, HEAD_BYTES)));
}

/**
 * Why an SVG can run code, or undefined. Character references are decoded and whitespace dropped
 * first, so `&#106;ava&#x09;script:` and `java script:` are found too.
 */
export function svgActiveContent(bytes: Uint8Array): string | undefined {
  const text = decodeReferences(textOf(bytes)).toLowerCase();
  // Browsers skip whitespace and control characters inside a URL scheme (`java\tscript:`).
  // eslint-disable-next-line no-control-regex
  const squeezed = text.replace(/[\s\u0000-\u001f]+/g, '');
  if (/<([a-z0-9_-]+:)?script[\s/>]/.test(text)) return 'an SVG image with a <script> element';
  if (/[\s"'/]on[a-z]+\s*=/.test(text)) return 'an SVG image with an on… event handler';
  if (/(java|vb)script:/.test(squeezed)) return 'an SVG image with a javascript: link';
  if (/data:(text\/html|image\/svg|application\/)/.test(squeezed))
    return 'an SVG image with an embedded document link (data:)';
  const embedded = /<([a-z0-9_-]+:)?(foreignobject|iframe|embed|object|handler)[\s/>]/.exec(text);
  if (embedded) return `an SVG image with a <${embedded[2]}> element`;
  if (text.includes('<!entity')) return 'an SVG image with XML entity declarations';
  return undefined;
}

/** UTF-16 when a byte-order mark says so; otherwise latin1, which keeps every ASCII pattern intact. */
function textOf(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return buffer.toString('latin1');
}

function decodeReferences(text: string): string {
  return text.replace(/&#(x[0-9a-f]+|[0-9]+);?/gi, (whole, code: string) => {
    const point = code[0] === 'x' || code[0] === 'X' ? parseInt(code.slice(1), 16) : parseInt(code, 10);
    return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : whole;
  });
}
