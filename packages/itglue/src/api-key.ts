/**
 * API key resolution: explicit option (programmatic use) → ITGLUE_API_KEY → OS keychain
 * (service `glueflow`, account = instance name). The keychain is optional: on headless Linux
 * there is no Secret Service, and that must read as "no key here", never as a crash.
 */
import { createError } from './errors/index.js';

export const KEYCHAIN_SERVICE = 'glueflow';

/** Reads one keychain entry; resolves undefined when absent, rejects when no keychain works. */
export type KeychainReader = (service: string, account: string) => Promise<string | undefined>;

export interface ApiKeyOptions {
  apiKey?: string;
  env?: Record<string, string | undefined>;
  /** Instance name = keychain account (default `default`). */
  instance?: string;
  /** Injected in tests; default: @napi-rs/keyring, loaded lazily. */
  keychain?: KeychainReader | false;
  /**
   * Who reads the "no key" hint: `cli` (a person at the `glueflow` command: no createITGlueClient()
   * advice) or `code` (default: a program calling createITGlueClient()).
   */
  audience?: 'cli' | 'code';
}

export interface ResolvedApiKey {
  apiKey: string;
  source: 'option' | 'ITGLUE_API_KEY' | 'keychain';
}

export async function resolveApiKey(options: ApiKeyOptions): Promise<ResolvedApiKey> {
  const explicit = options.apiKey?.trim();
  if (explicit) return { apiKey: explicit, source: 'option' };
  const fromEnv = options.env?.ITGLUE_API_KEY?.trim();
  if (fromEnv) return { apiKey: fromEnv, source: 'ITGLUE_API_KEY' };
  const instance = options.instance ?? 'default';
  let keychainState: string;
  let keychainAvailable = true;
  if (options.keychain === false) {
    keychainState = 'keychain not consulted';
  } else {
    try {
      const stored = await (options.keychain ?? readOsKeychain)(KEYCHAIN_SERVICE, instance);
      if (stored?.trim()) return { apiKey: stored.trim(), source: 'keychain' };
      keychainState = `no keychain entry ${KEYCHAIN_SERVICE}/${instance}`;
    } catch (error) {
      keychainState = `keychain unavailable: ${reasonOf(error)}`;
      keychainAvailable = false;
    }
  }
  throw createError('EITGLUE_NO_API_KEY', {
    instance,
    keychain: `ITGLUE_API_KEY is not set; ${keychainState}`,
    keychainAvailable,
    audience: options.audience ?? 'code',
  });
}

/** The default reader: @napi-rs/keyring, imported only when needed (native module). */
export const readOsKeychain: KeychainReader = async (service, account) => {
  const { AsyncEntry } = await import('@napi-rs/keyring');
  const value = await new AsyncEntry(service, account).getPassword();
  return value ?? undefined;
};

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.slice(0, 120) || 'unknown error';
}
