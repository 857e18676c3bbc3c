/** File names IT Glue accepts and a person recognises, whatever the message carried. */

const EXTENSION_OF: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/json': 'json',
  'application/xml': 'xml',
  'application/pkcs7-signature': 'p7s',
  'application/x-pkcs7-signature': 'p7s',
  'application/pgp-signature': 'asc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/msword': 'doc',
  'application/vnd.ms-excel': 'xls',
  'message/rfc822': 'eml',
  'text/calendar': 'ics',
  'text/csv': 'csv',
  'text/html': 'html',
  'text/plain': 'txt',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
};

const MAX_NAME_LENGTH = 180;

/** Control characters and the characters Windows and IT Glue's downloads cannot carry in a name. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f<>:"|?*]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_OR_SLASH = /[\\/\u0000-\u001f\u007f<>:"|?*]/g;
/**
 * Invisible format characters: bidi overrides and isolates (U+202E turns `invoice\u202Efdp.exe` into
 * what reads as `invoiceexe.pdf`), zero-width spaces and joiners, soft hyphens, byte-order marks.
 */
const INVISIBLE = /\p{Cf}/gu;
/** Windows drops trailing dots and spaces when it saves a file: `payload.exe. ` is saved as `payload.exe`. */
const TRAILING_DOTS_AND_SPACES = /[.\s\p{Z}]+$/u;

/**
 * A safe file name: no path parts, control, invisible or reserved characters, no trailing dots or
 * spaces; an extension kept.
 */
export function safeFileName(
  name: string | null | undefined,
  mimeType: string,
  fallbackStem: string,
): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(UNSAFE, '_')
    .replace(/\s+/g, ' ')
    .replace(TRAILING_DOTS_AND_SPACES, '')
    .trim()
    .replace(/^\.+/, '');
  if (cleaned) return shorten(cleaned);
  const extension = EXTENSION_OF[mimeType.toLowerCase()] ?? 'bin';
  return `${shorten(fallbackStem.replace(UNSAFE_OR_SLASH, '_').trim() || 'attachment')}.${extension}`;
}

/**
 * The name as the deny/allow lists see it: compatibility forms folded (NFKC: fullwidth `ｅｘｅ` is `exe`),
 * control and invisible characters removed, trailing dots and spaces dropped, lower-cased — what a
 * file system or a person would take the name for, however the sender dressed it up.
 */
export function matchableName(fileName: string): string {
  return (
    fileName
      .normalize('NFKC')
      .replace(INVISIBLE, '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
      .replace(TRAILING_DOTS_AND_SPACES, '')
      .toLowerCase()
  );
}

/** Keeps the extension when a long name is cut. */
function shorten(name: string): string {
  if (name.length <= MAX_NAME_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return name.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
}

/** The lower-cased extension with its dot (`.pdf`) of the matchable name, or '' when it has none. */
export function extensionOf(fileName: string): string {
  const name = matchableName(fileName);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot) : '';
}
