import type { CachedType } from './cache-types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * How long an entry is trusted before it is fetched again. Types barely change; passwords change
 * when someone rotates them, so their metadata (`passwordUpdatedAt`) is only trusted for a minute.
 */
export const DEFAULT_TTL_MS: Readonly<Record<CachedType, number>> = Object.freeze({
  'flexible-asset-types': 24 * HOUR,
  organizations: HOUR,
  contacts: HOUR,
  locations: HOUR,
  configurations: 15 * MINUTE,
  'flexible-assets': 15 * MINUTE,
  documents: 30 * MINUTE,
  passwords: MINUTE,
});

/** A type whose last full refresh is older than this is pulled again when a name lookup needs it. */
export const DEFAULT_AUTO_REFRESH_MS = 24 * HOUR;

/** Expired entries are kept this long as a fallback for when IT Glue is unreachable, then purged. */
export const DEFAULT_KEEP_STALE_MS = 7 * 24 * HOUR;
