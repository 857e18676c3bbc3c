/**
 * Only real images are uploaded: what a file *is* comes from its first bytes, never from its name or
 * a data: URI's claimed type (`![x](/.git/config)` uploaded a git config with its token). The
 * allow-list is the raster formats browsers show inline. SVG is refused: it is a document that can
 * carry script, and IT Glue serves attachments from its own origin.
 *
 * A signature table rather than the `file-type` package: the six allowed formats are fixed prefixes
 * (below), while file-type detects ~150 formats we would refuse anyway, pulls four more packages,
 * and its current major needs Node 22 (we support 20.19). The decision that matters — the allow-list
 * and the SVG refusal — is ours either way.
 */

export interface ImageType {
  mime: string;
  /** The file name extension the upload gets (`evil.html` holding a PNG is uploaded as `evil.png`). */
  extension: string;
  /** Other extensions that name the same format. */
  aliases?: readonly string[];
}

const PNG: ImageType = { mime: 'image/png', extension: 'png' };
const JPEG: ImageType = { mime: 'image/jpeg', extension: 'jpg', aliases: ['jpeg', 'jpe', 'jfif'] };
const GIF: ImageType = { mime: 'image/gif', extension: 'gif' };
const WEBP: ImageType = { mime: 'image/webp', extension: 'webp' };
const BMP: ImageType = { mime: 'image/bmp', extension: 'bmp', aliases: ['dib'] };
const TIFF: ImageType = { mime: 'image/tiff', extension: 'tif', aliases: ['tiff'] };

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
/** Byte prefixes (null = any byte), from each format's specification. */
const SIGNATURES: Array<[ImageType, Array<number | null>]> = [
  [PNG, [0x89, ...ascii('PNG\r\n'), 0x1a, 0x0a]],
  [JPEG, [0xff, 0xd8, 0xff]],
  [GIF, ascii('GIF87a')],
  [GIF, ascii('GIF89a')],
  [WEBP, [...ascii('RIFF'), null, null, null, null, ...ascii('WEBP')]],
  [TIFF, [...ascii('II'), 0x2a, 0x00]],
  [TIFF, [...ascii('MM'), 0x00, 0x2a]],
];
/** BITMAPINFOHEADER sizes: "BM" alone is too short a signature (any text file may start with it). */
const BMP_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

/** The image type of `bytes`, or why they are not an image we upload. */
export function sniffImage(bytes: Uint8Array): ImageType | { refused: string } {
  for (const [type, signature] of SIGNATURES) {
    if (signature.every((byte, index) => byte === null || bytes[index] === byte)) return type;
  }
  if (bytes[0] === 0x42 && bytes[1] === 0x4d && bytes.length >= 18) {
    const headerSize = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32LE(14);
    if (BMP_HEADER_SIZES.has(headerSize)) return BMP;
  }
  if (looksLikeSvg(bytes)) return { refused: 'SVG images are not uploaded: an SVG can carry script' };
  return { refused: 'its content is not a PNG, JPEG, GIF, WebP, BMP or TIFF image' };
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096))
    .toString('utf8')
    .toLowerCase();
  return /<svg[\s>]/.test(head);
}

/** `name` with the extension of `type` (kept when it already names that format). */
export function fileNameFor(name: string, type: ImageType): string {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (extension === type.extension || type.aliases?.includes(extension)) return name;
  return `${dot > 0 ? name.slice(0, dot) : name}.${type.extension}`;
}
