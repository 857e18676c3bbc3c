/**
 * Issue 17 (hostile input), the mail points, end to end against the emulator with the attacker corpus
 * (src/__fixtures__/attacker). Inputs are kept small — through the limits' options where a full-size
 * one would be slow; bench/email-hostile.mjs measures the full sizes (10,000 parts, 64 MB line, 150 MB).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  alertsWithoutMessageId,
  collidingMessageIds,
  DENY_BYPASS_FILES,
  denyBypassMail,
  manyPartsMail,
  REUSED_MESSAGE_ID,
  smallMessage,
  writeHugeLineMbox,
  writeOversizeMail,
} from '../__fixtures__/attacker/index.js';
import { emailRecords, emailWorld, ROUTE } from '../__fixtures__/email-world.js';
import type { World } from '../__fixtures__/email-world.js';
import { startFakeImapServer } from '../__fixtures__/fake-imap-server.js';

let world: World | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await world?.t.close();
  world = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function inbox(files: Record<string, Buffer | string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'email-hostile-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const run = (dir: string, extra: Record<string, unknown> = {}, dryRun = false) =>
  world!.t.runStep(
    'email.import',
    { source: { type: 'directory', path: dir }, route: ROUTE, ...extra },
    { dryRun },
  );

const traitsOf = (asset: { attributes: Record<string, unknown> }) =>
  asset.attributes.traits as Record<string, string>;

describe('reused Message-IDs (17.8)', () => {
  it('a forged mail under a real Message-ID gets its own record, is reported naming both; a re-run writes nothing', async () => {
    world = await emailWorld();
    const { real, forged } = collidingMessageIds();
    const dir = inbox({ 'a-real.eml': real, 'b-forged.eml': forged });
    const first = await run(dir);
    expect(first.counts).toMatchObject({ created: 2, updated: 0, failed: 0 });
    const { assets, filesOf } = await emailRecords(world.t);
    const byFrom = (text: string) => assets.find((a) => (traitsOf(a).from ?? '').includes(text))!;
    expect(filesOf('flexible', byFrom('licensing@').id)).toEqual(['licence.txt']);
    expect(filesOf('flexible', byFrom('billing@').id)).toEqual(['invoice.txt']);
    expect(traitsOf(byFrom('licensing@')).body).toContain('AAAA-BBBB-CCCC');
    const reused = first.messages.filter((m) => m.code === 'EEMAIL_MESSAGE_ID_REUSED');
    expect(reused).toHaveLength(1);
    expect(reused[0]!.reason).toMatch(/a-real\.eml/);
    expect(reused[0]!.reason).toMatch(/b-forged\.eml/);
    expect(reused[0]!.reason).toContain(`Message-ID ${REUSED_MESSAGE_ID}`);

    world.t.admin.resetStats();
    const again = await run(dir);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(world.t.admin.stats().writesApplied).toBe(0);
  });

  it('a reuse arriving in a later run is reported naming the first message, whose record stays as it was', async () => {
    world = await emailWorld();
    const { real, forged } = collidingMessageIds();
    await run(inbox({ 'inbox/real.eml': real }));
    const before = (await emailRecords(world.t)).assets[0]!;
    const later = await run(inbox({ 'later/forged.eml': forged }));
    expect(later.counts).toMatchObject({ created: 1, updated: 0 });
    const reason = later.messages.find((m) => m.code === 'EEMAIL_MESSAGE_ID_REUSED')?.reason;
    expect(reason).toMatch(/forged\.eml and .*real\.eml are different messages/);
    const after = (await emailRecords(world.t)).assets.find((a) => a.id === before.id)!;
    expect(traitsOf(after)).toEqual(traitsOf(before));
  });

  it('alerts without a Message-ID are told apart by their bodies; the same alert in two folders is one', async () => {
    world = await emailWorld();
    const [disk, other] = alertsWithoutMessageId();
    const dir = inbox({ 'x/alert-1.eml': disk, 'x/alert-2.eml': other, 'y/alert-1-copy.eml': disk });
    const summary = await run(dir);
    expect(summary.counts).toMatchObject({ created: 2, skipped: 1, failed: 0 });
    const bodies = (await emailRecords(world.t)).assets.map((a) => traitsOf(a).body).sort();
    expect(bodies).toEqual([
      expect.stringContaining('C: is 91% full'),
      expect.stringContaining('D: is 97% full'),
    ]);
    expect(summary.messages.find((m) => m.severity === 'info')?.reason).toMatch(/^same message as /);
    expect(summary.messages.filter((m) => m.code === 'EEMAIL_MESSAGE_ID_REUSED')).toHaveLength(1);
  });
});

describe('records imported before content digests (upgrade from 0.1)', () => {
  const PLUGIN = '@glueflow/plugin-email';

  /**
   * Puts state back the way 0.1 kept it: mappings under the bare Message-ID (or header hash), no claims;
   * with `fields`, the records get 0.1's Reference ('#' + 8 hex of sha256 of that key) and Message-ID.
   */
  async function toOldState(options: { fields?: boolean } = {}): Promise<void> {
    const state = world!.t.runtime.state.forPlugin(PLUGIN);
    const claims: Array<[string, { sourceKey: string }]> = [];
    for await (const [name, value] of state.bookmarks.list())
      if (name.startsWith('message-id:')) claims.push([name, value as { sourceKey: string }]);
    for (const [name, claim] of claims) {
      const identity = name.slice('message-id:'.length);
      const mapping = await state.mappings.get(claim.sourceKey);
      if (mapping) await state.mappings.set(identity, mapping);
      await state.mappings.delete(claim.sourceKey);
      await state.bookmarks.delete(name);
      if (mapping && options.fields)
        await world!.t.client.flexibleAssets.updateTraits(mapping.id, {
          reference: `#${createHash('sha256').update(identity).digest('hex').slice(0, 8)}`,
          ...(identity.startsWith('hash:') ? { 'message-id': identity } : {}),
        });
    }
  }

  /** A folder imported by 0.1, exactly: its records, fields and mappings (with 0.1's content hashes). */
  async function importedByOldVersion(dir: string): Promise<void> {
    await run(dir);
    await toOldState({ fields: true });
    await run(dir); // moves the mappings back and stores the hash of what 0.1 sent: nothing written
    await toOldState();
  }

  it('the first run after the upgrade writes nothing and moves the mappings; a forged mail cannot take a record over', async () => {
    world = await emailWorld();
    const { real, forged } = collidingMessageIds();
    const [alert] = alertsWithoutMessageId();
    const dir = inbox({ 'real.eml': real, 'alert.eml': alert });
    await importedByOldVersion(dir);
    const old = (await emailRecords(world.t)).assets;
    expect(old).toHaveLength(2);
    const realRecord = old.find((a) => traitsOf(a)['message-id'] === REUSED_MESSAGE_ID)!;
    // 0.1's Reference: '#' + 8 hex of sha256(Message-ID).
    const oldReference = `#${createHash('sha256').update(REUSED_MESSAGE_ID).digest('hex').slice(0, 8)}`;
    expect(traitsOf(realRecord).reference).toBe(oldReference);
    const state = world.t.runtime.state.forPlugin(PLUGIN);
    expect(await state.mappings.get(REUSED_MESSAGE_ID)).toMatchObject({ id: realRecord.id });

    // A plan moves nothing and plans no write.
    const plan = await run(dir, {}, true);
    expect(plan.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await state.mappings.get(REUSED_MESSAGE_ID)).toBeDefined();

    // The forged mail arrives with the first run after the upgrade: it gets a record of its own.
    fs.writeFileSync(path.join(dir, 'zz-forged.eml'), forged);
    world.t.admin.resetStats();
    const upgrade = await run(dir);
    expect(upgrade.counts).toMatchObject({ created: 1, updated: 0, unchanged: 2 });
    expect(world.t.admin.stats().writesApplied).toBe(2); // the forged mail's record and its one file
    const after = (await emailRecords(world.t)).assets;
    expect(after).toHaveLength(3);
    expect(traitsOf(after.find((a) => a.id === realRecord.id)!)).toEqual(traitsOf(realRecord));
    expect(await state.mappings.get(REUSED_MESSAGE_ID)).toBeUndefined();

    world.t.admin.resetStats();
    const again = await run(dir);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(world.t.admin.stats().writesApplied).toBe(0);
  });

  it('a forged mail that arrives before the real one is read again cannot take the record over either', async () => {
    world = await emailWorld();
    const { real, forged } = collidingMessageIds();
    const realDir = inbox({ 'real.eml': real });
    await importedByOldVersion(realDir);
    const [record] = (await emailRecords(world.t)).assets;
    // IMAP and Graph read only new mail: the forged one is all the first run after the upgrade sees.
    const upgrade = await run(inbox({ 'new/forged.eml': forged }));
    expect(upgrade.counts).toMatchObject({ created: 1, updated: 0 });
    expect(upgrade.messages.find((m) => m.code === 'EEMAIL_MESSAGE_ID_REUSED')?.reason).toContain(
      `the flexible asset ${record!.id} imported before`,
    );
    const kept = (await emailRecords(world.t)).assets.find((a) => a.id === record!.id)!;
    expect(traitsOf(kept)).toEqual(traitsOf(record!));
    // …and the real one, read again later, still finds its record.
    const later = await run(realDir);
    expect(later.counts).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });
});

describe('one mail with thousands of parts (17.9)', () => {
  it('uploads at most maxAttachmentsPerMessage files, reports the rest once, and never downloads to compare', async () => {
    world = await emailWorld();
    const dir = inbox({
      'many.eml': manyPartsMail(250),
      'same-names.eml': manyPartsMail(30, { sameName: true }),
    });
    world.t.requests.length = 0;
    const summary = await run(dir, { maxAttachmentsPerMessage: 25 });
    expect(summary.counts).toMatchObject({ created: 2, failed: 0 });
    const limit = summary.messages.filter((m) => m.code === 'EEMAIL_ATTACHMENT_LIMIT');
    expect(limit.map((m) => m.reason).sort()).toEqual([
      '225 of 250 files not imported: over maxAttachmentsPerMessage (25)',
      '5 of 30 files not imported: over maxAttachmentsPerMessage (25)',
    ]);
    const { attachments, assets, filesOf } = await emailRecords(world.t);
    expect(attachments).toHaveLength(50);
    const sameNames = assets.find((a) => traitsOf(a).subject === '30 files')!;
    expect(filesOf('flexible', sameNames.id).slice(0, 3)).toEqual([
      'part (10).txt',
      'part (11).txt',
      'part (12).txt',
    ]);
    const uploads = world.t.requests.filter((r) => r.method === 'POST' && r.url.includes('/attachments'));
    const others = world.t.requests.filter(
      (r) => r.method === 'GET' && /attachments\/\d|download/.test(r.url),
    );
    expect(uploads).toHaveLength(50);
    expect(others).toHaveLength(0); // no namesakes on a record: nothing downloaded to compare hashes
    // Each record's attachments are listed once per run, not before every upload.
    expect(world.t.requests.filter((r) => r.url.includes('include=attachments'))).toHaveLength(2);

    world.t.requests.length = 0;
    world.t.admin.resetStats();
    const again = await run(dir, { maxAttachmentsPerMessage: 25 });
    expect(again.counts).toMatchObject({ created: 0, updated: 0 });
    expect(world.t.admin.stats().writesApplied).toBe(0);
    expect(world.t.requests.filter((r) => r.url.includes('include=attachments'))).toHaveLength(0);
  });
});

describe('size (17.10)', () => {
  it('skips a message over maxMessageBytes without reading it (.eml and mbox); the messages around it arrive', async () => {
    world = await emailWorld();
    const dir = inbox({ 'small.eml': smallMessage(3) });
    await writeHugeLineMbox(path.join(dir, 'box.mbox'), 1024 * 1024);
    await writeOversizeMail(path.join(dir, 'big.eml'), 300 * 1024);
    const summary = await run(dir, { maxMessageBytes: 64 * 1024 });
    expect(summary.counts).toMatchObject({ created: 3, skipped: 2, failed: 0 });
    const tooLarge = summary.messages.filter((m) => m.code === 'EEMAIL_MESSAGE_TOO_LARGE');
    expect(tooLarge.map((m) => m.item).sort()).toEqual(
      ['big.eml', 'box.mbox#2'].map((f) => path.join(dir, f)).sort(),
    );
    expect(tooLarge[0]!.reason).toMatch(
      /^the message is \d+ bytes or more, over maxMessageBytes \(65536\); not read$/,
    );
  });
});

describe('size from IMAP (17.10)', () => {
  it('never fetches a message the server says is over maxMessageBytes', async () => {
    const imap = await startFakeImapServer({ 'docs@msp.example': 'imap-secret-1' });
    try {
      world = await emailWorld({ env: { IMAP_PASS: 'imap-secret-1' } });
      imap.deliver('INBOX', smallMessage(1));
      const dir = inbox();
      await writeOversizeMail(path.join(dir, 'big.eml'), 200 * 1024);
      imap.deliver('INBOX', fs.readFileSync(path.join(dir, 'big.eml')));
      const source = {
        type: 'imap',
        host: '127.0.0.1',
        port: imap.port,
        secure: false,
        user: 'docs@msp.example',
      };
      const summary = await world.t.runStep('email.import', {
        source: { ...source, password: { env: 'IMAP_PASS' } },
        route: ROUTE,
        maxMessageBytes: 64 * 1024,
      });
      expect(summary.counts).toMatchObject({ created: 1, skipped: 1, failed: 0 });
      expect(summary.messages.find((m) => m.code === 'EEMAIL_MESSAGE_TOO_LARGE')?.item).toBe('imap:INBOX/2');
      expect(imap.commands.filter((c) => c.includes('BODY.PEEK[]'))).toEqual([
        expect.stringContaining('UID FETCH 1 '),
      ]);
    } finally {
      await imap.close();
    }
  });
});

describe('attachment deny-list bypasses (17.15)', () => {
  it('refuses every disguised program, script and scripted SVG, and keeps the harmless files', async () => {
    world = await emailWorld();
    const summary = await run(inbox({ 'files.eml': denyBypassMail() }));
    expect(summary.counts).toMatchObject({ created: 1, failed: 0 });
    const { attachments } = await emailRecords(world.t);
    expect(
      attachments.map((a) => String(a.attributes['attachment-file-name'] ?? a.attributes.name)).sort(),
    ).toEqual(['network.svg', 'notes.txt']);
    const skipped = summary.messages.filter((m) => m.code === 'EEMAIL_ATTACHMENT_SKIPPED');
    expect(skipped).toHaveLength(DENY_BYPASS_FILES.length);
    expect(skipped.map((m) => m.reason)).toEqual(
      expect.arrayContaining([
        'payload.exe skipped: its type application/octet-stream (.exe) is in denyTypes',
        'report.pdf skipped: its content is a .exe file, which is in denyTypes',
        'diagram.svg skipped: an SVG image with a <script> element (it would run where IT Glue shows it)',
        'map.svg skipped: an SVG image with a javascript: link (it would run where IT Glue shows it)',
      ]),
    );
    // No stored name keeps a bidi control or an invisible character.
    expect(skipped.some((m) => /\p{Cf}/u.test(m.reason))).toBe(false);
  });
});
