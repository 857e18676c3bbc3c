import { describe, expect, it } from '@jest/globals';
import { isGlueflowError } from './errors/index.js';
import { resolveApiKey } from './api-key.js';
import { assertLoopbackResolution, checkUrl, isLoopbackHost, resolveConnection } from './connection.js';
import { createITGlueClient } from './create-client.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('resolveConnection', () => {
  it('maps regions to the real hosts, US by default', () => {
    expect(resolveConnection({ env: {} })).toEqual({ baseUrl: 'https://api.itglue.com', source: 'default' });
    expect(resolveConnection({ region: 'eu' }).baseUrl).toBe('https://api.eu.itglue.com');
    expect(resolveConnection({ region: 'AU' }).baseUrl).toBe('https://api.au.itglue.com');
    expect(resolveConnection({ env: { ITGLUE_REGION: 'eu' } })).toEqual({
      baseUrl: 'https://api.eu.itglue.com',
      source: 'ITGLUE_REGION',
    });
  });

  it('ITGLUE_API_URL wins over ITGLUE_REGION; explicit options win over the environment; url over region', () => {
    const env = { ITGLUE_API_URL: 'https://proxy.example.com/itglue/', ITGLUE_REGION: 'au' };
    expect(resolveConnection({ env })).toEqual({
      baseUrl: 'https://proxy.example.com/itglue',
      source: 'ITGLUE_API_URL',
    });
    expect(resolveConnection({ env, region: 'eu' }).source).toBe('region option');
    expect(resolveConnection({ env, region: 'eu', url: 'https://x.example.com' })).toEqual({
      baseUrl: 'https://x.example.com',
      source: 'url option',
    });
  });

  it('refuses plain http unless the host is loopback, with a hint', () => {
    const error = thrown(() => resolveConnection({ url: 'http://api.itglue.com' }));
    expect(isGlueflowError(error, 'EITGLUE_INSECURE_URL')).toBe(true);
    expect((error as Error & { hint: string }).hint).toMatch(/loopback/);
    expect(
      isGlueflowError(
        thrown(() => resolveConnection({ env: { ITGLUE_API_URL: 'http://10.0.0.5:4100' } })),
        'EITGLUE_INSECURE_URL',
      ),
    ).toBe(true);
    for (const url of [
      'http://127.0.0.1:4100',
      'http://127.8.9.10',
      'http://localhost:3000',
      'http://[::1]:4100',
    ]) {
      expect(checkUrl(url)).toBe(url);
    }
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
    expect(isLoopbackHost('localhost.evil.com')).toBe(false);
  });

  it('counts only literal loopback addresses and the name localhost itself (issue 17.20)', () => {
    for (const host of [
      '127.0.0.1',
      '127.8.9.10',
      '[::1]',
      '::1',
      '[::ffff:7f00:1]',
      'localhost',
      'LOCALHOST',
    ])
      expect(isLoopbackHost(host)).toBe(true);
    // *.localhost is a DNS name like any other: a resolver may send it anywhere.
    for (const host of [
      'evil.localhost',
      'api.localhost',
      'localhost.',
      '127.0.0.1.nip.io',
      '[::2]',
      '[::ffff:a00:1]',
    ])
      expect(isLoopbackHost(host)).toBe(false);
    for (const url of ['http://evil.localhost:4100', 'http://itglue.localhost']) {
      expect(
        isGlueflowError(
          thrown(() => checkUrl(url)),
          'EITGLUE_INSECURE_URL',
        ),
      ).toBe(true);
    }
    expect(checkUrl('http://[::ffff:127.0.0.1]:4100')).toBe('http://[::ffff:7f00:1]:4100');
  });

  it('http://localhost is used only when every address it resolves to is loopback', async () => {
    const resolvesTo =
      (...addresses: string[]) =>
      async () =>
        addresses.map((address) => ({ address }));
    await expect(
      assertLoopbackResolution('http://localhost:4100', resolvesTo('127.0.0.1', '::1')),
    ).resolves.toBeUndefined();
    for (const lookup of [resolvesTo('127.0.0.1', '10.0.0.5'), resolvesTo()]) {
      const error = await assertLoopbackResolution('http://localhost:4100', lookup).catch((e: unknown) => e);
      expect(isGlueflowError(error, 'EITGLUE_INSECURE_URL')).toBe(true);
    }
    // https and literal addresses need no lookup.
    const never = async () => Promise.reject(new Error('no lookup expected'));
    await expect(assertLoopbackResolution('https://api.itglue.com', never)).resolves.toBeUndefined();
    await expect(assertLoopbackResolution('http://127.0.0.1:4100', never)).resolves.toBeUndefined();
  });

  it('rejects unknown regions and malformed URLs with their own codes', () => {
    expect(
      isGlueflowError(
        thrown(() => resolveConnection({ region: 'uk' })),
        'EITGLUE_BAD_REGION',
      ),
    ).toBe(true);
    expect(
      isGlueflowError(
        thrown(() => checkUrl('api.itglue.com')),
        'EITGLUE_BAD_URL',
      ),
    ).toBe(true);
    expect(
      isGlueflowError(
        thrown(() => checkUrl('ftp://api.itglue.com')),
        'EITGLUE_BAD_URL',
      ),
    ).toBe(true);
    const withCredentials = thrown(() => checkUrl('https://user:ITG.secret@api.itglue.com')) as Error;
    expect(withCredentials.message).not.toContain('ITG.secret');
  });
});

describe('resolveApiKey', () => {
  const keychainWith = (value: string | undefined) => async () => value;
  const brokenKeychain = async (): Promise<string | undefined> => {
    throw new Error('Platform secure storage failure: no Secret Service (org.freedesktop.secrets)');
  };

  it('takes the explicit option first, then ITGLUE_API_KEY, then the keychain', async () => {
    const env = { ITGLUE_API_KEY: 'ITG.env' };
    expect(await resolveApiKey({ apiKey: 'ITG.opt', env, keychain: keychainWith('ITG.kc') })).toEqual({
      apiKey: 'ITG.opt',
      source: 'option',
    });
    expect(await resolveApiKey({ env, keychain: keychainWith('ITG.kc') })).toEqual({
      apiKey: 'ITG.env',
      source: 'ITGLUE_API_KEY',
    });
    expect(await resolveApiKey({ env: {}, keychain: keychainWith('ITG.kc') })).toEqual({
      apiKey: 'ITG.kc',
      source: 'keychain',
    });
  });

  it('asks the keychain for service glueflow, account = instance name', async () => {
    const asked: string[] = [];
    await resolveApiKey({
      env: {},
      instance: 'sandbox',
      keychain: async (service, account) => {
        asked.push(`${service}/${account}`);
        return 'ITG.x';
      },
    });
    expect(asked).toEqual(['glueflow/sandbox']);
  });

  it('a missing key says how to set one', async () => {
    const error = await resolveApiKey({ env: {}, keychain: keychainWith(undefined) }).catch(
      (e: unknown) => e,
    );
    expect(isGlueflowError(error, 'EITGLUE_NO_API_KEY')).toBe(true);
    expect((error as Error).message).toMatch(/no keychain entry glueflow\/default/);
    expect((error as Error & { hint: string }).hint).toMatch(/ITGLUE_API_KEY/);
    expect((error as Error & { hint: string }).hint).toMatch(/glueflow auth set/);
  });

  it('a keychain that cannot work (headless Linux) degrades to "no key", never a crash', async () => {
    const error = await resolveApiKey({ env: {}, keychain: brokenKeychain }).catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_NO_API_KEY')).toBe(true);
    expect((error as Error).message).toMatch(/keychain unavailable: Platform secure storage failure/);
  });

  it('the real OS keychain binding on this machine resolves or degrades, without throwing anything else', async () => {
    const result = await resolveApiKey({ env: {}, instance: `glueflow-test-${process.pid}` }).catch(
      (e: unknown) => e,
    );
    expect(isGlueflowError(result, 'EITGLUE_NO_API_KEY')).toBe(true);
  });
});

describe('createITGlueClient refuses to start without a safe connection and a key', () => {
  it('EITGLUE_INSECURE_URL for http to a remote host', async () => {
    const error = await createITGlueClient({
      url: 'http://itglue.example.com',
      apiKey: 'ITG.x',
      env: {},
    }).catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_INSECURE_URL')).toBe(true);
  });

  it('EITGLUE_NO_API_KEY when nothing provides a key', async () => {
    const error = await createITGlueClient({ region: 'eu', env: {}, keychain: false }).catch(
      (e: unknown) => e,
    );
    expect(isGlueflowError(error, 'EITGLUE_NO_API_KEY')).toBe(true);
  });
});
