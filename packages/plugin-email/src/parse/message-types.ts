/** What the parser makes of one raw message, whatever source it came from. */

export interface MailAddress {
  name: string;
  /** Lower-cased address; empty when the header held only a name. */
  address: string;
}

export interface ParsedAttachment {
  /** Decoded (RFC 2047/2231), made safe for IT Glue; never empty. */
  fileName: string;
  mimeType: string;
  size: number;
  /** Hex sha256 of the decoded bytes: the dedupe key within a record. */
  sha256: string;
  content: Uint8Array;
  /** Shown inside the body (a `cid:` image the HTML refers to, or an unnamed inline part). */
  inline: boolean;
  /** Content-ID without angle brackets. */
  contentId?: string;
  /** Subject of the forwarded message this file was found in, for attachments of attached messages. */
  nestedIn?: string;
}

export interface ForwardedMessage {
  from?: MailAddress;
  subject: string;
}

export interface ParsedMessage {
  /** Message-ID without angle brackets, when the message has one. */
  messageId?: string;
  /** Message-ID, or `hash:<hex>` of the identifying headers when it is missing. */
  sourceKey: string;
  subject: string;
  from?: MailAddress;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  /** ISO 8601 when the Date header parses. */
  date?: string;
  html?: string;
  text?: string;
  attachments: ParsedAttachment[];
  /** Messages attached as message/rfc822 (forwarded "as attachment"). */
  forwarded: ForwardedMessage[];
  /** Bytes of the raw message. */
  size: number;
}
