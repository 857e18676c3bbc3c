/**
 * Which files of a message go to IT Glue: allow/deny lists by MIME type or extension, a size cap that
 * fits IT Glue's 10 MB request after base64, and no tiny inline images or signature parts.
 */
import { extensionOf } from './file-names.js';
import type { ParsedAttachment } from './message-types.js';

/** IT Glue rejects requests over 10 MB; base64 turns 3 bytes into 4; 64 KiB stays free for the envelope. */
export const DEFAULT_MAX_ATTACHMENT_BYTES = Math.floor((10 * 1024 * 1024 - 64 * 1024) / 4) * 3;

/** Inline images smaller than this are logos, spacers and tracking pixels. */
export const DEFAULT_MIN_INLINE_IMAGE_BYTES = 8 * 1024;

/** Cryptographic signatures and vCards of signature blocks: never documentation. */
const SIGNATURE_TYPES = new Set([
  'application/pkcs7-signature',
  'application/x-pkcs7-signature',
  'application/pgp-signature',
]);

export interface AttachmentPolicy {
  allowTypes?: readonly string[];
  denyTypes: readonly string[];
  maxAttachmentBytes: number;
  minInlineImageBytes: number;
}

export type AttachmentDecision =
  | { keep: true }
  | {
      keep: false;
      reason: string;
      /** true for problems worth a warning, false for routine skips */ notable: boolean;
    };

export function decideAttachment(file: ParsedAttachment, policy: AttachmentPolicy): AttachmentDecision {
  if (SIGNATURE_TYPES.has(file.mimeType)) return skip('a message signature', false);
  if (file.inline && file.mimeType.startsWith('image/') && file.size < policy.minInlineImageBytes)
    return skip(`a small inline image (${file.size} bytes)`, false);
  if (file.size === 0) return skip('empty (0 bytes)', true);
  if (matchesAny(file, policy.denyTypes)) return skip(`its type ${describe(file)} is in denyTypes`, true);
  if (file.sniffed && matchesExtension(file.sniffed, policy.denyTypes))
    return skip(`its content is a ${file.sniffed} file, which is in denyTypes`, true);
  // Not a type but a content hazard, like script in a body: refused whatever the lists say.
  if (file.activeContent) return skip(`${file.activeContent} (it would run where IT Glue shows it)`, true);
  if (policy.allowTypes && policy.allowTypes.length > 0 && !matchesAny(file, policy.allowTypes))
    return skip(`its type ${describe(file)} is not in allowTypes`, true);
  if (file.size > policy.maxAttachmentBytes)
    return skip(`${file.size} bytes is over maxAttachmentBytes (${policy.maxAttachmentBytes})`, true);
  return { keep: true };
}

function skip(reason: string, notable: boolean): AttachmentDecision {
  return { keep: false, reason, notable };
}

function describe(file: ParsedAttachment): string {
  const extension = extensionOf(file.fileName);
  return extension ? `${file.mimeType} (${extension})` : file.mimeType;
}

/**
 * A pattern is a MIME type (`application/pdf`), a type family (`image/*`) or an extension (`.pdf`),
 * compared case-insensitively; the extension is that of the name as a file system would save it (see
 * `matchableName`: no trailing dots or spaces, no invisible characters, compatibility forms folded).
 */
export function matchesAny(file: ParsedAttachment, patterns: readonly string[]): boolean {
  const extension = extensionOf(file.fileName);
  const mime = file.mimeType.toLowerCase();
  return patterns.some((raw) => {
    const pattern = raw.trim().toLowerCase();
    if (pattern.startsWith('.')) return pattern === extension;
    if (pattern.endsWith('/*')) return mime.startsWith(pattern.slice(0, -1));
    return pattern === mime;
  });
}

function matchesExtension(extension: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => pattern.trim().toLowerCase() === extension);
}
