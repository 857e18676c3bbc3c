/**
 * The worker-thread parser pool, from the compiled package (workers load `dist/parse/parse-worker.js`;
 * `pnpm test` builds first). Same results as parsing in the calling thread, errors keep their kind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { parseMessage } from './parse-message.js';
import type { createMessageParser as CreateMessageParser } from './parser-pool.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const compiled = path.resolve(here, '../../dist/parse/parser-pool.js');
const corpus = path.resolve(here, '../__fixtures__/corpus');

it('parses on worker threads with the same result as in-thread parsing', async () => {
  expect(fs.existsSync(compiled)).toBe(true); // run `npx tsc -b` first
  const { createMessageParser } = (await import(compiled)) as {
    createMessageParser: typeof CreateMessageParser;
  };
  const parser = createMessageParser(2);
  try {
    const files = fs
      .readdirSync(corpus)
      .filter((f) => !['33-corrupt-binary.eml', '34-empty.eml'].includes(f));
    const pooled = await Promise.all(files.map((f) => parser.parse(fs.readFileSync(path.join(corpus, f)))));
    for (const [i, file] of files.entries()) {
      const direct = await parseMessage(fs.readFileSync(path.join(corpus, file)));
      expect({
        ...pooled[i],
        attachments: pooled[i]!.attachments.map(({ content, ...rest }) => ({
          ...rest,
          bytes: Buffer.from(content).toString('hex'),
        })),
      }).toEqual({
        ...direct,
        attachments: direct.attachments.map(({ content, ...rest }) => ({
          ...rest,
          bytes: Buffer.from(content).toString('hex'),
        })),
      });
    }
    const broken = await parser
      .parse(fs.readFileSync(path.join(corpus, '33-corrupt-binary.eml')))
      .catch((e: Error) => e);
    expect(broken).toMatchObject({
      name: 'MessageParseError',
      message: 'no From, Date, Subject or Message-ID header',
    });
  } finally {
    await parser.close();
  }
});
