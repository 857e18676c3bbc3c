/**
 * A message's identity for idempotent imports. A Message-ID alone is not one: any sender can reuse
 * another's (or send none), so the source key is the Message-ID (or a header hash) *plus* a digest of
 * what the message says — a different message under the same Message-ID gets its own key, while the
 * same message read again (a re-run, a second folder, another source) gets the same one.
 */
import { createHash } from 'node:crypto';
import type { Email } from 'postal-mime';
import type { MailAddress } from './message-types.js';

/** Headers that together identify a message that has no Message-ID (Received lines differ per path). */
const IDENTIFYING_HEADERS = [
  'from',
  'to',
  'cc',
  'date',
  'subject',
  'in-reply-to',
  'references',
  'content-type',
];

/** Hex digits of the content digest in a source key: 96 bits, beyond reach of a brute-forced match. */
const DIGEST_HEX = 24;

/** The Message-ID without brackets or whitespace, or undefined when absent or empty. */
export function normaliseMessageId(value: string | undefined): string | undefined {
  const id = (value ?? '').trim().replace(/^<+/, '').replace(/>+$/, '').replace(/\s+/g, '');
  return id === '' ? undefined : id;
}

/**
 * The Message-ID; without one, `hash:` + a hash of the headers that stay the same however the message
 * reached us. This was the whole source key before content digests (0.1): it stays the key under which
 * earlier imports are found, so keep it byte for byte.
 */
export function identityOf(email: Pick<Email, 'headers' | 'messageId'>): string {
  const id = normaliseMessageId(email.messageId);
  if (id) return id;
  const hash = createHash('sha256');
  for (const name of IDENTIFYING_HEADERS) {
    for (const header of email.headers) {
      if (header.key === name) hash.update(`${name}:${header.value.replace(/\s+/g, ' ').trim()}\n`);
    }
  }
  return `hash:${hash.digest('hex').slice(0, 40)}`;
}

/** What a message says, as decoded (so a re-encoded copy — other transfer encoding, folding — matches). */
export interface MessageContent {
  from?: MailAddress | undefined;
  sender?: MailAddress | undefined;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  date?: string | undefined;
  subject: string;
  text?: string | undefined;
  html?: string | undefined;
  /** sha256 of each file of the message itself (not of files inside forwarded messages). */
  attachmentHashes: string[];
}

/** sha256 over the sender-identifying headers, the body and the files, cut to DIGEST_HEX hex digits. */
export function contentDigest(content: MessageContent): string {
  const hash = createHash('sha256');
  const field = (name: string, value: string) => hash.update(`${name}\u0000${value}\u0000`);
  const people = (list: Array<MailAddress | undefined>) =>
    list
      .filter((person): person is MailAddress => person !== undefined)
      .map((person) => `${person.name.replace(/\s+/g, ' ').trim()} <${person.address}>`)
      .join(', ');
  field('from', people([content.from]));
  field('sender', people([content.sender]));
  field('reply-to', people(content.replyTo));
  field('to', people(content.to));
  field('cc', people(content.cc));
  field('date', content.date ?? '');
  field('subject', content.subject.replace(/\s+/g, ' ').trim());
  // Whitespace is where re-encoding (line folding, CRLF, quoted-printable soft breaks) shows; drop it.
  field('text', (content.text ?? '').replace(/\s+/g, ''));
  field('html', (content.html ?? '').replace(/\s+/g, ''));
  field('files', [...content.attachmentHashes].sort().join(','));
  return hash.digest('hex').slice(0, DIGEST_HEX);
}

/** `<identity>#<digest>`: the identity first, so a person reading state recognises the Message-ID. */
export function sourceKeyOf(identity: string, digest: string): string {
  return `${identity}#${digest}`;
}
