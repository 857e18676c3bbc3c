import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readMbox } from './mbox-reader.js';

async function messagesOf(content: string | Buffer, maxMessageBytes?: number): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbox-'));
  const file = path.join(dir, 'box.mbox');
  fs.writeFileSync(file, content);
  const out: string[] = [];
  for await (const item of readMbox(file, maxMessageBytes ? { maxMessageBytes } : {}))
    out.push('raw' in item ? item.raw.toString('utf8') : `too large: ${item.tooLarge} bytes`);
  fs.rmSync(dir, { recursive: true });
  return out;
}

const separator = (who: string) => `From ${who} Tue Mar  3 09:15:00 2026\n`;

describe('readMbox', () => {
  it('splits on From_ lines and undoes mboxrd escaping by one level', async () => {
    const box = [
      'From alice@example.com Tue Mar  3 09:15:00 2026',
      'Subject: one',
      '',
      '>From the desk of Alice',
      '>>From quoted twice',
      '',
      'From bob@example.com Tue Mar  3 10:00:00 2026',
      'Subject: two',
      '',
      'body two',
      '',
    ].join('\n');
    const messages = await messagesOf(box);
    expect(messages).toEqual([
      'Subject: one\n\nFrom the desk of Alice\n>From quoted twice\n',
      'Subject: two\n\nbody two\n',
    ]);
  });

  it('keeps an unescaped From line that does not follow a blank line (mboxo bodies)', async () => {
    const messages = await messagesOf(
      'From a@x Tue Mar  3 09:15:00 2026\r\nSubject: s\r\n\r\nline\r\nFrom here on it is text\r\n',
    );
    expect(messages).toEqual(['Subject: s\r\n\r\nline\r\nFrom here on it is text\r\n']);
  });

  it('is binary-safe and streams a large box without holding it whole', async () => {
    const latin1 = Buffer.from('Subject: caf\xe9\n\n\xff\xfe body\n', 'latin1');
    const parts: Buffer[] = [];
    for (let i = 0; i < 2000; i++)
      parts.push(Buffer.from(`From x@y Tue Mar  3 09:15:00 2026\n`), latin1, Buffer.from('\n'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbox-'));
    const file = path.join(dir, 'big.mbox');
    fs.writeFileSync(file, Buffer.concat(parts));
    let count = 0;
    for await (const item of readMbox(file)) {
      expect('raw' in item && item.raw.equals(latin1)).toBe(true);
      count++;
    }
    expect(count).toBe(2000);
    fs.rmSync(dir, { recursive: true });
  });

  it('honours a Content-Length that checks out: a From line in that body does not split the message', async () => {
    const body = 'body line\n\nFrom the start of the line, this is text\n';
    const box = `${separator('a@x')}Subject: one\nContent-Length: ${body.length}\n\n${body}\n${separator('b@x')}Subject: two\n\nbody two\n`;
    expect(await messagesOf(box)).toEqual([
      `Subject: one\nContent-Length: ${body.length}\n\n${body}`,
      'Subject: two\n\nbody two\n',
    ]);
    // The next separator may follow the body directly (no blank line), as mboxcl2 writers put it.
    const tight = `${separator('a@x')}Content-Length: 5\n\nFrom \n${separator('b@x')}Subject: two\n\nx\n`;
    expect(await messagesOf(tight)).toEqual(['Content-Length: 5\n\nFrom \n', 'Subject: two\n\nx\n']);
    // A body without its final newline (Content-Length 3 for "abc"), then the separator.
    const cut = `${separator('a@x')}Content-Length: 3\n\nabc\n${separator('b@x')}Subject: two\n\nx\n`;
    expect(await messagesOf(cut)).toEqual(['Content-Length: 3\n\nabc\n', 'Subject: two\n\nx\n']);
  });

  it('ignores a Content-Length that does not check out, and a forged one cannot swallow the next messages', async () => {
    const body = 'body line\n\nFrom the start of the line\n';
    const wrong = `${separator('a@x')}Subject: one\nContent-Length: ${body.length - 3}\n\n${body}\n${separator('b@x')}Subject: two\n\nbody two\n`;
    expect(await messagesOf(wrong)).toEqual([
      `Subject: one\nContent-Length: ${body.length - 3}\n\nbody line\n`,
      'Subject: two\n\nbody two\n',
    ]);
    const forged = [
      `${separator('evil@x')}Subject: forged\nContent-Length: 100000\n\nhi\n\n`,
      `${separator('a@x')}Subject: two\n\nbody two\n\n`,
      `${separator('b@x')}Subject: three\n\nbody three\n`,
    ].join('');
    expect(await messagesOf(forged)).toEqual([
      'Subject: forged\nContent-Length: 100000\n\nhi\n',
      'Subject: two\n\nbody two\n',
      'Subject: three\n\nbody three\n',
    ]);
  });

  it('counts a message over maxMessageBytes instead of holding it, however long its lines', async () => {
    const line = 'x'.repeat(300_000); // one line, no newline for 300 kB: several read chunks
    const box = `${separator('a@x')}Subject: one\n\nok\n\n${separator('b@x')}Subject: big\n\n${line}\n\n${separator('c@x')}Subject: three\n\nok\n`;
    const big = `Subject: big\n\n${line}\n\n`.length;
    expect(await messagesOf(box, 100_000)).toEqual([
      'Subject: one\n\nok\n',
      `too large: ${big} bytes`,
      'Subject: three\n\nok\n',
    ]);
    // Under the limit the same line arrives whole, with a separator right after it still seen.
    const [, whole] = await messagesOf(box, 1_000_000);
    expect(whole).toBe(`Subject: big\n\n${line}\n`);
  });
});
