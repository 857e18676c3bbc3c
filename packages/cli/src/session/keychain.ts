/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux desktops)
 * through @napi-rs/keyring, service `glueflow`: the API key under the instance name, step secrets
 * under the name a config's `{ keychain: NAME }` gives. Headless Linux has no Secret Service; that
 * must read as "no keychain here — use ITGLUE_API_KEY", never as a crash.
 */
import type { Entry as KeyringEntry } from '@napi-rs/keyring';

export const KEYCHAIN_SERVICE = 'glueflow';

/** One keychain account at a time; synchronous like the native module. Injected in tests. */
export interface KeychainStore {
  /** The stored value, or undefined when there is none. Throws when no keychain works here. */
  get(account: string): string | undefined;
  set(account: string, value: string): void;
  /** True when an entry was deleted. */
  delete(account: string): boolean;
}

/** Thrown when the platform has no usable keychain backend. */
export class KeychainUnavailableError extends Error {
  readonly code = 'EKEYCHAIN_UNAVAILABLE';
  readonly hint =
    "headless Linux has no Secret Service: export ITGLUE_API_KEY instead (from your scheduler's or CI's " +
    'secret store), and use { env: NAME } for step secrets';
  constructor(readonly reason: string) {
    super(`no OS keychain is available here (${reason})`);
    this.name = 'KeychainUnavailableError';
  }
}

export async function osKeychain(): Promise<KeychainStore> {
  let Entry: typeof KeyringEntry;
  try {
    ({ Entry } = await import('@napi-rs/keyring'));
  } catch (error) {
    // The native binding is an optional dependency per platform; without it there is no keychain.
    throw new KeychainUnavailableError(firstLine(error));
  }
  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw new KeychainUnavailableError(firstLine(error));
    }
  };
  return {
    get: (account) => guard(() => new Entry(KEYCHAIN_SERVICE, account).getPassword() ?? undefined),
    set: (account, value) =>
      guard(() => {
        const entry = new Entry(KEYCHAIN_SERVICE, account);
        entry.setPassword(value);
        // Some backends accept a write they cannot keep (a locked or session-less keyring): read it back.
        if (entry.getPassword() !== value) throw new Error('the stored value could not be read back');
      }),
    delete: (account) => guard(() => new Entry(KEYCHAIN_SERVICE, account).deletePassword()),
  };
}

/** An in-memory keychain, for tests and for `glueflow demo` (which must never touch the real one). */
export function memoryKeychain(initial: Record<string, string> = {}): KeychainStore {
  const values = new Map(Object.entries(initial));
  return {
    get: (account) => values.get(account),
    set: (account, value) => void values.set(account, value),
    delete: (account) => values.delete(account),
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.slice(0, 160) || 'unknown error';
}
