import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readMbox } from './mbox-reader.js';

async function messagesOf(content: string | Buffer): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbox-'));
  const file = path.join(dir, 'box.mbox');
  fs.writeFileSync(file, content);
  const out: string[] = [];
  for await (const message of readMbox(file)) out.push(message.toString('utf8'));
  fs.rmSync(dir, { recursive: true });
  return out;
}

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
    for await (const message of readMbox(file)) {
      expect(message.equals(latin1)).toBe(true);
      count++;
    }
    expect(count).toBe(2000);
    fs.rmSync(dir, { recursive: true });
  });
});
