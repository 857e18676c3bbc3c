/**
 * `email.import` from IMAP end to end: imapflow against a protocol-faithful fake IMAP server on
 * 127.0.0.1 (no dovecot on the machine), writes against the emulator through the testkit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { emailRecords, emailWorld, FIXTURES, ROUTE } from '../__fixtures__/email-world.js';
import type { World } from '../__fixtures__/email-world.js';
import { startFakeImapServer } from '../__fixtures__/fake-imap-server.js';
import type { FakeImapServer } from '../__fixtures__/fake-imap-server.js';

const corpus = (file: string) => fs.readFileSync(path.join(FIXTURES, 'corpus', file));

let world: World;
let imap: FakeImapServer;

beforeEach(async () => {
  imap = await startFakeImapServer({ 'docs@msp.example': 'imap-secret-1' });
  world = await emailWorld({ env: { IMAP_PASS: 'imap-secret-1', WRONG_PASS: 'nope' } });
});
afterEach(async () => {
  await world.t.close();
  await imap.close();
});

const source = (extra: Record<string, unknown> = {}) => ({
  type: 'imap',
  host: '127.0.0.1',
  port: imap.port,
  secure: false,
  user: 'docs@msp.example',
  password: { env: 'IMAP_PASS' },
  ...extra,
});

describe('IMAP source', () => {
  it('imports new messages, flags and moves the imported ones, and reads only new UIDs next run', async () => {
    imap.deliver('Archive', 'Subject: old\r\n\r\nalready archived\r\n');
    for (const file of [
      '01-plain-text.eml',
      '03-licence-pdf.eml',
      '04-inline-image-cid.eml',
      '20-unknown-sender.eml',
      '33-corrupt-binary.eml',
    ])
      imap.deliver('INBOX', corpus(file));
    const first = await world.t.runStep('email.import', {
      source: source({ afterImport: { flag: '$Imported', moveTo: 'Archive' } }),
      route: ROUTE,
    });
    expect(first.counts).toMatchObject({ created: 3, skipped: 1, failed: 1 });
    expect(first.messages.find((m) => m.code === 'EEMAIL_PARSE')?.item).toBe('imap:INBOX/5');
    const inbox = imap.mailboxes.get('INBOX')!;
    const archive = imap.mailboxes.get('Archive')!;
    // Unrouted and broken mail stays in the inbox for a person to look at.
    expect(inbox.messages.map((m) => m.uid)).toEqual([4, 5]);
    expect(archive.messages).toHaveLength(4);
    expect(archive.messages.slice(1).every((m) => m.flags.has('$Imported'))).toBe(true);
    const { assets, filesOf } = await emailRecords(world.t);
    expect(assets).toHaveLength(3);
    const licence = assets.find(
      (a) => (a.attributes.traits as Record<string, string>)['message-id'] === '03@initech.example',
    )!;
    expect(filesOf('flexible', licence.id)).toEqual(['licence-certificate.pdf']);
    // Nothing was marked \Seen by reading (BODY.PEEK) and the password never reached the log.
    expect(imap.commands.some((c) => c.includes('BODY.PEEK[]'))).toBe(true);
    expect(JSON.stringify(world.t.logs)).not.toContain('imap-secret-1');

    await world.t.restart();
    imap.deliver('INBOX', corpus('07-rfc2047-subject.eml'));
    imap.commands.length = 0;
    const second = await world.t.runStep('email.import', { source: source(), route: ROUTE });
    expect(second.counts).toMatchObject({ created: 1, failed: 0 });
    // One command for the sizes of the new messages, then each one's body.
    const fetched = imap.commands.filter((c) => c.includes('UID FETCH'));
    expect(fetched).toEqual([expect.stringContaining('UID FETCH 6 (UID RFC822.SIZE)'), expect.any(String)]);
    expect(fetched[1]).toContain('UID FETCH 6 (UID BODY.PEEK[])');
  });

  it('reads the whole mailbox again when UIDVALIDITY changes, creating nothing twice', async () => {
    imap.deliver('INBOX', corpus('01-plain-text.eml'));
    imap.deliver('INBOX', corpus('02-multipart-alternative.eml'));
    const first = await world.t.runStep('email.import', { source: source(), route: ROUTE });
    expect(first.counts.created).toBe(2);
    imap.renumber('INBOX');
    world.t.admin.resetStats();
    const again = await world.t.runStep('email.import', { source: source(), route: ROUTE });
    expect(again.counts).toMatchObject({ created: 0, unchanged: 2 });
    expect(world.t.admin.stats().writesApplied).toBe(0);
  });

  it('a refused login is a clear error naming the settings, and nothing is written', async () => {
    imap.deliver('INBOX', corpus('01-plain-text.eml'));
    const summary = await world.t.runStep('email.import', {
      source: source({ password: { env: 'WRONG_PASS' } }),
      route: ROUTE,
    });
    expect(summary.status).toBe('failed');
    const error = summary.messages.find((m) => m.code === 'EEMAIL_IMAP_AUTH');
    expect(error?.reason).toBe('The IMAP server 127.0.0.1 refused the login of docs@msp.example');
    expect(error?.hint).toContain('source.password');
    expect(JSON.stringify(summary)).not.toContain('nope');
  });

  it('a missing mailbox is a clear error', async () => {
    const summary = await world.t.runStep('email.import', {
      source: source({ mailbox: 'Nope' }),
      route: ROUTE,
    });
    expect(summary.messages.find((m) => m.code === 'EEMAIL_IMAP_MAILBOX')?.reason).toContain('"Nope"');
  });
});
