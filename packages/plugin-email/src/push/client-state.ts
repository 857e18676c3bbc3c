/**
 * The `clientState` secret of a Graph subscription: Graph echoes it in every notification, which is how
 * a notification proves it comes from our subscription. Only its SHA-256 is kept (state store, memory),
 * so neither the database nor a heap dump holds it, and comparing two digests is constant-time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Graph's limit on clientState. */
export const MAX_CLIENT_STATE_LENGTH = 128;

/** 48 random bytes → 64 base64url characters. */
export function newClientState(): string {
  return randomBytes(48).toString('base64url');
}

export function clientStateDigest(clientState: string): string {
  return createHash('sha256').update(clientState, 'utf8').digest('base64');
}

/** Whether `received` is the clientState behind `digest` (timingSafeEqual on the two 32-byte digests). */
export function clientStateMatches(received: unknown, digest: string): boolean {
  if (typeof received !== 'string' || received.length > MAX_CLIENT_STATE_LENGTH) return false;
  const actual = createHash('sha256').update(received, 'utf8').digest();
  const expected = Buffer.from(digest, 'base64');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
