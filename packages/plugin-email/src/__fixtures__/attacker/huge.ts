/**
 * Point 10 of issue 17: size. One line without a newline for megabytes (mbox line assembly was
 * quadratic: 64 MB took 63 s), and messages larger than anything a mail server delivers (150 MB took
 * 780 MB of memory). The writers stream to a file, so the generator never holds the input itself.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const HEADER = (subject: string, id: string) =>
  [
    'From: Acme Reports <reports@acme.example>',
    'To: docs@msp.example',
    `Subject: ${subject}`,
    'Date: Tue, 03 Mar 2026 09:15:00 +0100',
    `Message-ID: <${id}@acme.example>`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    '',
  ].join('\n');

/** A small message to show the ones around a hostile one still arrive. */
export function smallMessage(n: number): string {
  return `${HEADER(`Small ${n}`, `small-${n}`)}Just a note.\n`;
}

/** An mbox: a small message, one with a `bytes`-long line and no newline for all of it, a small one. */
export async function writeHugeLineMbox(path: string, bytes: number): Promise<void> {
  await writeParts(path, [
    `From a@acme.example Tue Mar  3 09:15:00 2026\n${smallMessage(1)}\n`,
    `From a@acme.example Tue Mar  3 09:16:00 2026\n${HEADER('One long line', 'long-line')}`,
    { fill: 'x', bytes },
    `\n\nFrom a@acme.example Tue Mar  3 09:17:00 2026\n${smallMessage(2)}`,
  ]);
}

/** One `.eml` of about `bytes` bytes: a text body of base64-looking lines (a big attachment, in effect). */
export async function writeOversizeMail(path: string, bytes: number): Promise<void> {
  await writeParts(path, [
    HEADER('A very large message', 'oversize'),
    { fill: 'QUFB', bytes, lineEvery: 76 },
  ]);
}

type Part = string | { fill: string; bytes: number; lineEvery?: number };

async function writeParts(path: string, parts: Part[]): Promise<void> {
  const out = createWriteStream(path);
  for (const part of parts) {
    if (typeof part === 'string') {
      if (!out.write(part)) await once(out, 'drain');
      continue;
    }
    const line = part.lineEvery
      ? `${part.fill.repeat(Math.ceil(part.lineEvery / part.fill.length)).slice(0, part.lineEvery)}\n`
      : '';
    const block = Buffer.from(
      line ? line.repeat(Math.floor(65536 / line.length)) : part.fill.repeat(65536 / part.fill.length),
    );
    for (let written = 0; written < part.bytes; written += block.length) {
      const piece = written + block.length <= part.bytes ? block : block.subarray(0, part.bytes - written);
      if (!out.write(piece)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'close');
}
