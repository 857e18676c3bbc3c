/** Point 9 of issue 17: one mail with thousands of small attachments (10,000 took 14 minutes to import). */
import { mail } from './mime.js';

/** `parts` distinct text files; with `sameName` all are called `part.txt` (same name, same size). */
export function manyPartsMail(parts: number, options: { sameName?: boolean } = {}): Buffer {
  const files = Array.from({ length: parts }, (_, index) => ({
    name: options.sameName ? 'part.txt' : `part-${String(index + 1).padStart(5, '0')}.txt`,
    type: 'text/plain',
    content: `part ${String(index + 1).padStart(5, '0')}\n`,
  }));
  return mail({
    from: 'Acme Reports <reports@acme.example>',
    subject: `${parts} files`,
    messageId: `many-parts-${parts}@acme.example`,
    body: 'Everything attached.',
    files,
  });
}
