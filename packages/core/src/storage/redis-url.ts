/**
 * Which Redis, if any, this runtime shares its budget (and state) through: `storage.redis` (a secret
 * reference), else GLUEFLOW_REDIS_URL. Checked before anything connects: `redis://` or `rediss://`,
 * no path tricks, and TLS (`rediss://`) unless the host is a literal loopback address — the same rule
 * as HTTPS for IT Glue: the state names every client's records, and the URL may carry a password.
 */
import { isLoopbackHost } from '@glueflow/itglue';
import type { SecretRef } from '../config/secrets.js';
import { createError } from '../errors/index.js';

export const REDIS_URL_ENV = 'GLUEFLOW_REDIS_URL';

export interface RedisUrlSources {
  configured: SecretRef | undefined;
  env: Record<string, string | undefined>;
  /** Resolves (and masks from then on) a secret reference. */
  resolve(ref: SecretRef): string;
}

/** The checked URL, or undefined for the SQLite default. */
export function redisUrlOf(sources: RedisUrlSources): string | undefined {
  const where = sources.configured ? 'storage.redis' : REDIS_URL_ENV;
  const raw = sources.configured ? sources.resolve(sources.configured) : sources.env[REDIS_URL_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw createError('ESTORAGE_REDIS_URL', { where, problem: 'it is not a URL' });
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw createError('ESTORAGE_REDIS_URL', { where, problem: `its scheme is ${url.protocol} ` });
  }
  if (url.protocol === 'redis:' && !isLoopbackHost(url.hostname)) {
    throw createError('ESTORAGE_REDIS_URL', {
      where,
      problem: `redis:// to ${url.hostname} would send the state unencrypted`,
    });
  }
  return url.toString();
}
