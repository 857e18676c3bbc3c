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
  /** The extension the bytes reveal when it is not the name's (`.exe` for a Windows program named `.pdf`). */
  sniffed?: string;
  /** Why the file can run code although its type looks harmless (an SVG image with a script). */
  activeContent?: string;
}

export interface ForwardedMessage {
  from?: MailAddress;
  subject: string;
}

export interface ParsedMessage {
  /** Message-ID without angle brackets, when the message has one. */
  messageId?: string;
  /**
   * The Message-ID, or `hash:<hex>` of the identifying headers when it is missing: shared by every
   * message that reuses the Message-ID (and the whole source key of imports before content digests).
   */
  identity: string;
  /** `<identity>#<content digest>`: the same message read again gets the same key, any other message not. */
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
