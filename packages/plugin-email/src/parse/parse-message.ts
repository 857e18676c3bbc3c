/**
 * One parser for every source (files, IMAP, Graph's MIME `$value`): postal-mime, which decodes any
 * charset the platform's TextDecoder knows, RFC 2047/2231 names, and nested message/rfc822 parts.
 */
import { createHash } from 'node:crypto';
import PostalMime from 'postal-mime';
import type { Attachment, Email } from 'postal-mime';
import { isSvg, sniffExtension, svgActiveContent } from './active-content.js';
import { mailboxes } from './addresses.js';
import { extensionOf, safeFileName } from './file-names.js';
import type { ForwardedMessage, ParsedAttachment, ParsedMessage } from './message-types.js';
import { contentDigest, identityOf, normaliseMessageId, sourceKeyOf } from './source-key.js';
import { fixWindows1252 } from './windows-1252.js';

/** How deep attached messages are opened to find the files forwarded inside them. */
const MAX_FORWARD_DEPTH = 3;

export class MessageParseError extends Error {
  override readonly name = 'MessageParseError';
}

export async function parseMessage(raw: Uint8Array): Promise<ParsedMessage> {
  if (raw.byteLength === 0) throw new MessageParseError('the message is empty');
  let email: Email;
  try {
    email = await PostalMime.parse(wholeBuffer(raw), { attachmentEncoding: 'arraybuffer' });
  } catch (error) {
    throw new MessageParseError(error instanceof Error ? error.message : String(error));
  }
  if (!looksLikeMail(email)) throw new MessageParseError('no From, Date, Subject or Message-ID header');
  const forwarded: ForwardedMessage[] = [];
  const attachments = await collectAttachments(email, forwarded, 0, undefined);
  const messageId = normaliseMessageId(email.messageId);
  const identity = identityOf(email);
  const from = mailboxes(email.from)[0];
  const content = {
    from,
    sender: mailboxes(email.sender)[0],
    replyTo: mailboxes(email.replyTo),
    to: mailboxes(email.to),
    cc: mailboxes(email.cc),
    date: isoDate(email.date) ?? email.date,
    subject: fixWindows1252(email.subject ?? '').trim(),
    html: email.html ? fixWindows1252(email.html) : undefined,
    text: email.text ? fixWindows1252(email.text) : undefined,
    attachmentHashes: attachments.filter((file) => file.nestedIn === undefined).map((file) => file.sha256),
  };
  return {
    ...(messageId ? { messageId } : {}),
    identity,
    sourceKey: sourceKeyOf(identity, contentDigest(content)),
    subject: content.subject,
    ...(from ? { from } : {}),
    replyTo: content.replyTo,
    to: content.to,
    cc: content.cc,
    ...(isoDate(email.date) ? { date: isoDate(email.date) as string } : {}),
    ...(content.html ? { html: content.html } : {}),
    ...(content.text ? { text: content.text } : {}),
    attachments,
    forwarded,
    size: raw.byteLength,
  };
}

/**
 * postal-mime copies a typed array into a fresh ArrayBuffer; a buffer the view fully covers (any large
 * file read) is handed over as it is, which saves one copy of the message on big mail.
 */
function wholeBuffer(raw: Uint8Array): Uint8Array | ArrayBuffer {
  const { buffer } = raw;
  return buffer instanceof ArrayBuffer && raw.byteOffset === 0 && raw.byteLength === buffer.byteLength
    ? buffer
    : raw;
}

function looksLikeMail(email: Email): boolean {
  const keys = new Set(email.headers.map((header) => header.key));
  return ['from', 'date', 'subject', 'message-id'].some((key) => keys.has(key));
}

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

async function collectAttachments(
  email: Email,
  forwarded: ForwardedMessage[],
  depth: number,
  nestedIn: string | undefined,
): Promise<ParsedAttachment[]> {
  const html = (email.html ?? '').toLowerCase();
  const out: ParsedAttachment[] = [];
  let index = 0;
  for (const part of email.attachments) {
    index += 1;
    const content = bytesOf(part);
    const contentId = part.contentId?.replace(/^<|>$/g, '').trim() || undefined;
    const fileName = safeFileName(
      fixWindows1252(part.filename ?? undefined),
      part.mimeType,
      fallbackStem(part, index),
    );
    const mimeType = part.mimeType.toLowerCase();
    const sniffed = sniffExtension(content);
    const active = isSvg(content, mimeType, extensionOf(fileName)) ? svgActiveContent(content) : undefined;
    const attachment: ParsedAttachment = {
      fileName,
      mimeType,
      size: content.byteLength,
      sha256: createHash('sha256').update(content).digest('hex'),
      content,
      inline: isInline(part, contentId, html),
      ...(contentId ? { contentId } : {}),
      ...(nestedIn === undefined ? {} : { nestedIn }),
      ...(sniffed && sniffed !== extensionOf(fileName) ? { sniffed } : {}),
      ...(active ? { activeContent: active } : {}),
    };
    out.push(attachment);
    if (attachment.mimeType === 'message/rfc822' && depth < MAX_FORWARD_DEPTH) {
      out.push(...(await openForwarded(content, forwarded, depth + 1)));
    }
  }
  return out;
}

/** The files inside a forwarded message; a forwarded message that does not parse stays a plain .eml. */
async function openForwarded(
  content: Uint8Array,
  forwarded: ForwardedMessage[],
  depth: number,
): Promise<ParsedAttachment[]> {
  let inner: Email;
  try {
    inner = await PostalMime.parse(content, { attachmentEncoding: 'arraybuffer' });
  } catch {
    return [];
  }
  const subject = (inner.subject ?? '').trim();
  const from = mailboxes(inner.from)[0];
  forwarded.push({ subject, ...(from ? { from } : {}) });
  return collectAttachments(inner, forwarded, depth, subject || '(no subject)');
}

/** Inline = drawn inside the body: a cid the HTML refers to, or an unnamed inline part. */
function isInline(part: Attachment, contentId: string | undefined, html: string): boolean {
  if (contentId && html.includes(`cid:${contentId.toLowerCase()}`)) return true;
  return part.disposition === 'inline' && !part.filename && part.mimeType.startsWith('image/');
}

function fallbackStem(part: Attachment, index: number): string {
  if (part.mimeType === 'message/rfc822') return 'forwarded-message';
  return `attachment-${index}`;
}

function bytesOf(part: Attachment): Uint8Array {
  const { content } = part;
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}
