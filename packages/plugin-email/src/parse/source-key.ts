import { createHash } from 'node:crypto';
import type { Email } from 'postal-mime';

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

/** The Message-ID without brackets or whitespace, or undefined when absent or empty. */
export function normaliseMessageId(value: string | undefined): string | undefined {
  const id = (value ?? '').trim().replace(/^<+/, '').replace(/>+$/, '').replace(/\s+/g, '');
  return id === '' ? undefined : id;
}

/**
 * The message's identity for idempotent imports: its Message-ID; without one, a hash of the headers
 * that stay the same however the message reached us (file, IMAP, Graph).
 */
export function sourceKeyOf(email: Pick<Email, 'headers' | 'messageId'>): string {
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
