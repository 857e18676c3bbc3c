/**
 * IT Glue revokes an API key after 90 days without use. The CLI remembers, per instance and per key
 * (by its hash, never the key), when IT Glue last answered a request successfully, so `glueflow health`
 * can warn at 80 days — before a quiet nightly job finds its key revoked.
 */
import type { Runtime } from '@glueflow/core';

/** State namespace of the CLI's own bookmarks. */
export const CLI_STATE = 'glueflow';
export const KEY_IDLE_WARNING_DAYS = 80;
export const KEY_REVOKED_AFTER_DAYS = 90;
const DAY_MS = 86_400_000;

const bookmarkOf = (keyId: string) => `api-key-last-success:${keyId}`;

export interface KeyUse {
  /** When the key last worked before this command (ISO), or null if never seen working here. */
  readonly previous: string | null;
  /** Records a success now if IT Glue answered any request of this command successfully. */
  save(): Promise<void>;
}

export async function trackKeyUse(runtime: Runtime, keyId: string): Promise<KeyUse> {
  const bookmarks = runtime.state.forPlugin(CLI_STATE).bookmarks;
  const previous = ((await bookmarks.get<string>(bookmarkOf(keyId))) ?? null) as string | null;
  let succeeded = false;
  runtime.engine.hooks.onRequest.tap('glueflow:cli', (request) => {
    if (request.status !== undefined && request.status >= 200 && request.status < 400) succeeded = true;
  });
  return {
    previous,
    async save() {
      if (succeeded) await bookmarks.set(bookmarkOf(keyId), new Date().toISOString());
    },
  };
}

/** Whole days since `iso` (null when never). */
export function idleDays(iso: string | null, now = Date.now()): number | null {
  if (!iso) return null;
  return Math.floor((now - Date.parse(iso)) / DAY_MS);
}
