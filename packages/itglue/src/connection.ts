/**
 * Where the client sends requests. An explicit `url` or `region` option wins; otherwise the
 * environment (`ITGLUE_API_URL` over `ITGLUE_REGION`); otherwise the US host. Keys are
 * region-bound (an EU key on the US host fails as 403), so the region is never guessed silently:
 * the chosen source is reported with the URL.
 */
import { lookup } from 'node:dns/promises';
import { isIPv4, isIPv6 } from 'node:net';
import { createError } from './errors/index.js';

export const REGION_URLS = {
  us: 'https://api.itglue.com',
  eu: 'https://api.eu.itglue.com',
  au: 'https://api.au.itglue.com',
} as const;

export type ITGlueRegion = keyof typeof REGION_URLS;

export interface ConnectionOptions {
  url?: string;
  region?: string;
  env?: Record<string, string | undefined>;
}

export interface ResolvedConnection {
  /** Base URL without a trailing slash, e.g. https://api.eu.itglue.com */
  baseUrl: string;
  /** Where it came from: `url option`, `region option`, `ITGLUE_API_URL`, `ITGLUE_REGION`, `default`. */
  source: string;
}

export function resolveConnection(options: ConnectionOptions): ResolvedConnection {
  const env = options.env ?? {};
  if (options.url) return { baseUrl: checkUrl(options.url), source: 'url option' };
  if (options.region) return { baseUrl: regionUrl(options.region, 'region option'), source: 'region option' };
  if (env.ITGLUE_API_URL) return { baseUrl: checkUrl(env.ITGLUE_API_URL), source: 'ITGLUE_API_URL' };
  if (env.ITGLUE_REGION)
    return { baseUrl: regionUrl(env.ITGLUE_REGION, 'ITGLUE_REGION'), source: 'ITGLUE_REGION' };
  return { baseUrl: REGION_URLS.us, source: 'default' };
}

function regionUrl(region: string, source: string): string {
  const key = region.trim().toLowerCase();
  if (key in REGION_URLS) return REGION_URLS[key as ITGlueRegion];
  throw createError('EITGLUE_BAD_REGION', { region, source });
}

/** Validates a base URL: http(s) only, and plain http only towards loopback. */
export function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw createError('EITGLUE_BAD_URL', { url: raw, reason: 'not a URL' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw createError('EITGLUE_BAD_URL', { url: raw, reason: `unsupported protocol ${url.protocol}` });
  }
  if (url.username || url.password) {
    throw createError('EITGLUE_BAD_URL', {
      url: `${url.protocol}//…@${url.host}`,
      reason: 'credentials in the URL',
    });
  }
  if (url.search || url.hash)
    throw createError('EITGLUE_BAD_URL', { url: raw, reason: 'a base URL takes no query' });
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw createError('EITGLUE_INSECURE_URL', { url: `${url.protocol}//${url.host}` });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * A literal loopback address: 127.0.0.0/8, ::1 or ::ffff:127.x.y.z, in any spelling the WHATWG URL
 * parser accepts (`[::1]`, `[::ffff:7f00:1]`). Names never count: `*.localhost`, `127.0.0.1.nip.io`
 * and the like are resolved by DNS, which someone else may answer.
 */
export function isLoopbackAddress(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isIPv4(host)) return host.split('.')[0] === '127';
  if (!isIPv6(host)) return false;
  const canonical = new URL(`http://[${host}]`).hostname; // e.g. [::1], [::ffff:7f00:1]
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}

/**
 * Hosts plain http may go to: literal loopback addresses, and the name `localhost` itself (no
 * subdomain), whose addresses `assertLoopbackResolution` checks before the first request.
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname.toLowerCase() === 'localhost' || isLoopbackAddress(hostname);
}

export type Lookup = (hostname: string) => Promise<Array<{ address: string }>>;

const systemLookup: Lookup = (hostname) => lookup(hostname, { all: true });

/**
 * For a plain-http base URL naming `localhost`: every address it resolves to must be loopback
 * (a hosts file or resolver that maps it elsewhere would send the key unencrypted off the machine).
 */
export async function assertLoopbackResolution(
  baseUrl: string,
  resolve: Lookup = systemLookup,
): Promise<void> {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' || isLoopbackAddress(url.hostname)) return;
  const addresses = await resolve(url.hostname).catch(() => []);
  if (addresses.length === 0 || !addresses.every((entry) => isLoopbackAddress(entry.address))) {
    throw createError('EITGLUE_INSECURE_URL', { url: `${url.protocol}//${url.host}` });
  }
}
