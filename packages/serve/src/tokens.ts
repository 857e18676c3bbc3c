/**
 * Path and bearer tokens, compared in constant time: both sides are hashed first, so the comparison
 * takes the same time whatever the length or the first differing byte of a guess.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function tokenMatches(given: string | undefined, expected: string | undefined): boolean {
  if (!expected || given === undefined) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
