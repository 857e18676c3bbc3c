/**
 * Never cached: password values, OTP secrets, attachment and document file contents. Proven on the
 * raw bytes of the SQLite file and its -wal/-shm/-journal companions, with a positive control that
 * shows the scan does find what *is* stored.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { promises as fs } from 'node:fs';
import { startCacheHarness, type CacheHarness } from './__fixtures__/cache-harness.js';
import { stripSecrets } from './strip-secrets.js';
import { followWrites } from './follow-writes.js';

const SECRETS = {
  password: 'Pw-Value-7d1c93e0',
  otp: 'OTPSEED7d1c93e0',
  trait: 'Trait-Pass-7d1c93e0',
  upload: 'VXBsb2FkLTdkMWM5M2Uw', // base64 file body
  document: 'Document-Body-7d1c93e0',
};
const CONTROL = 'Visible-Notes-7d1c93e0';

let h: CacheHarness;
beforeAll(async () => {
  h = await startCacheHarness();
});
afterAll(async () => h.close());

async function rawBytes(file: string): Promise<Buffer> {
  const parts = await Promise.all(
    ['', '-wal', '-shm', '-journal'].map((suffix) =>
      fs.readFile(`${file}${suffix}`).catch(() => Buffer.alloc(0)),
    ),
  );
  return Buffer.concat(parts);
}

function found(bytes: Buffer, text: string): boolean {
  return bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'));
}

describe('the raw file never holds a secret', () => {
  test('passwords fetched with their value, OTP secrets, secret traits and file bodies', async () => {
    const cache = h.cache;
    const client = h.client;
    followWrites(client, cache);
    const org = (await client.organizations.create({ name: 'Secret Org' })).id;
    // Through the client: created with a value, read back with the value, refreshed.
    const created = await client.passwords.create({
      organizationId: org,
      name: 'Domain admin',
      password: SECRETS.password,
      notes: CONTROL,
    });
    const withValue = await h.client.passwords.getWithValue(created.id);
    expect(withValue?.password).toBe(SECRETS.password);
    await cache.put('passwords', withValue!);
    await cache.refresh(['passwords']);
    await cache.getById('passwords', created.id);
    // Whatever a caller passes, in any spelling.
    await cache.putMany('passwords', [
      {
        id: '9001',
        name: 'Handed in',
        password: SECRETS.password,
        otpSecret: SECRETS.otp,
        'otp-secret': SECRETS.otp,
      },
      { id: '9002', name: 'Snake', otp_secret: SECRETS.otp, nested: { password: SECRETS.password } },
    ]);
    await cache.put('flexible-assets', {
      id: '77',
      name: 'Firewall',
      traits: {
        'admin-password': SECRETS.trait,
        wifiPassphrase: SECRETS.trait,
        'api-key': SECRETS.trait,
        'shipping-notes': 'kept',
        'config-backup': { content: SECRETS.upload, file_name: 'backup.cfg' },
      },
    });
    await cache.put('documents', {
      id: '88',
      name: 'Runbook',
      content: SECRETS.document,
      sections: [{ id: '1', resourceType: 'Document::Text', content: SECRETS.document }],
      attachments: [{ id: '5', name: 'diagram.png', attachment: { content: SECRETS.upload } }],
    });

    const bytes = await rawBytes(cache.file);
    expect(found(bytes, CONTROL)).toBe(true); // the scan sees what is stored …
    expect(found(bytes, 'shipping-notes')).toBe(true);
    for (const [kind, secret] of Object.entries(SECRETS)) {
      expect({ kind, found: found(bytes, secret) }).toEqual({ kind, found: false }); // … and no secret
    }
    await cache.close();
    const afterCheckpoint = await rawBytes(cache.file);
    for (const secret of Object.values(SECRETS)) expect(found(afterCheckpoint, secret)).toBe(false);
  });
});

describe('stripSecrets', () => {
  test('removes secret keys at any depth and keeps metadata, including password-updated-at', () => {
    expect(
      stripSecrets({
        id: '1',
        password: 'x',
        passwordUpdatedAt: '2026-01-01',
        passwordCategoryName: 'Domain',
        otpEnabled: true,
        traits: { 'root-pin': '1234', 'site-name': 'HQ', tokens: 'x', 'db-token': 'x' },
      }),
    ).toEqual({
      id: '1',
      passwordUpdatedAt: '2026-01-01',
      passwordCategoryName: 'Domain',
      otpEnabled: true,
      traits: { 'site-name': 'HQ', tokens: 'x' },
    });
  });

  test('does not change the object it was given', () => {
    const record = { id: '1', password: 'x' };
    stripSecrets(record);
    expect(record).toEqual({ id: '1', password: 'x' });
  });

  test('traits: secret-sounding keys by whole word, and the Password-kind keys of the type when known', () => {
    const traits = {
      'pre-shared-key': 'x',
      'licence-key': 'x',
      psk: 'x',
      'door-code': 'x',
      'keyboard-layout': 'US',
      'site-name': 'HQ',
    };
    expect(stripSecrets({ id: '1', traits })).toEqual({
      id: '1',
      traits: { 'door-code': 'x', 'keyboard-layout': 'US', 'site-name': 'HQ' },
    });
    expect(stripSecrets({ id: '1', traits }, new Set(['door-code']))).toEqual({
      id: '1',
      traits: { 'keyboard-layout': 'US', 'site-name': 'HQ' },
    });
  });
});
