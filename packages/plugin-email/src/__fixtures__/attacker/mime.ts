/** A tiny MIME writer for the attacker corpus: headers, a text body and base64 file parts, CRLF lines. */

export interface FilePart {
  name: string;
  type: string;
  content: Buffer | string;
}

export interface MailSpec {
  from: string;
  subject: string;
  /** Without one the message has no Message-ID header. */
  messageId?: string;
  to?: string;
  date?: string;
  body: string;
  files?: FilePart[];
  /** Extra header lines, as written. */
  headers?: string[];
}

export function mail(spec: MailSpec): Buffer {
  const head = [
    `From: ${spec.from}`,
    `To: ${spec.to ?? 'docs@msp.example'}`,
    `Subject: ${spec.subject}`,
    `Date: ${spec.date ?? 'Tue, 03 Mar 2026 09:15:00 +0100'}`,
    ...(spec.messageId ? [`Message-ID: <${spec.messageId}>`] : []),
    'MIME-Version: 1.0',
    ...(spec.headers ?? []),
  ];
  const files = spec.files ?? [];
  if (files.length === 0)
    return Buffer.from([...head, 'Content-Type: text/plain; charset=utf-8', '', spec.body, ''].join('\r\n'));
  const boundary = 'attacker-boundary-7f3a';
  const chunks: string[] = [
    ...head,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    spec.body,
  ];
  for (const file of files) {
    // Names a header cannot carry as they are (bidi controls, fullwidth letters) go RFC 2231-encoded.
    const plain = /^[\x20-\x7e]*$/.test(file.name) && !file.name.includes('"');
    const name = plain ? `name="${file.name}"` : `name*=${encodedName(file.name)}`;
    const filename = plain ? `filename="${file.name}"` : `filename*=${encodedName(file.name)}`;
    chunks.push(
      `--${boundary}`,
      `Content-Type: ${file.type}; ${name}`,
      `Content-Disposition: attachment; ${filename}`,
      'Content-Transfer-Encoding: base64',
      '',
      wrap(Buffer.from(file.content).toString('base64')),
    );
  }
  chunks.push(`--${boundary}--`, '');
  return Buffer.from(chunks.join('\r\n'));
}

/** RFC 2231 `filename*=utf-8''…` for names that need it (bidi controls, fullwidth letters). */
export function encodedName(name: string): string {
  return `utf-8''${encodeURIComponent(name)}`;
}

function wrap(base64: string): string {
  return base64.replace(/.{76}/g, '$&\r\n').replace(/\r\n$/, '');
}
