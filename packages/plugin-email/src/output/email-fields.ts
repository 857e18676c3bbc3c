/** What a message looks like in IT Glue, for both targets: title, header fields and the safe body. */
import { createHash } from 'node:crypto';
import { formatAddress } from '../parse/addresses.js';
import type { ParsedMessage } from '../parse/message-types.js';
import { escapeHtml, sanitizeBody, textToHtml } from '../parse/sanitize-body.js';

export interface EmailFields {
  subject: string;
  /**
   * `#` + 16 hex of the source key: keeps same-subject mail apart in names (the write gate adopts a
   * record by name), and too long to be matched by a message made up to take over another's record.
   */
  reference: string;
  from: string;
  to: string;
  /** YYYY-MM-DD for IT Glue's Date fields. */
  date: string | null;
  messageId: string;
  /** Sanitized HTML. */
  body: string;
}

/**
 * What the Reference and Message-ID fields are made of: the source key; for a record imported before
 * content digests, the identity it was keyed by then (`legacy`), so its fields — and name — stay as written.
 */
export interface FieldIdentity {
  key: string;
  legacy: boolean;
}

export function emailFields(message: ParsedMessage, identity: FieldIdentity): EmailFields {
  const inlineNames = new Map(
    message.attachments
      .filter((file) => file.contentId && file.nestedIn === undefined)
      .map((file) => [(file.contentId as string).toLowerCase(), file.fileName] as const),
  );
  const body = message.html
    ? sanitizeBody(message.html, { inlineNames })
    : message.text
      ? textToHtml(message.text)
      : '';
  return {
    subject: message.subject || '(no subject)',
    reference: `#${createHash('sha256')
      .update(identity.key)
      .digest('hex')
      .slice(0, identity.legacy ? 8 : 16)}`,
    from: message.from ? formatAddress(message.from) : '',
    to: [...message.to, ...message.cc].map(formatAddress).join(', '),
    date: message.date ? message.date.slice(0, 10) : null,
    messageId: message.messageId ?? identity.key,
    body,
  };
}

/** The header block at the top of a document. */
export function headerTableHtml(fields: EmailFields, attachmentNames: string[]): string {
  const rows: Array<[string, string]> = [
    ['From', fields.from],
    ['To', fields.to],
    ['Date', fields.date ?? ''],
    ['Message-ID', fields.messageId],
  ];
  if (attachmentNames.length > 0) rows.push(['Attachments', attachmentNames.join(', ')]);
  return `<table>${rows
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `<tr><th>${name}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('')}</table>`;
}
