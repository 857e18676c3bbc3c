/**
 * Where the client sends requests. An explicit `url` or `region` option wins; otherwise the
 * environment (`ITGLUE_API_URL` over `ITGLUE_REGION`); otherwise the US host. Keys are
 * region-bound (an EU key on the US host fails as 403), so the region is never guessed silently:
 * the chosen source is reported with the URL.
 */
import { createError } from '../errors/index.js';

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

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  if (/^127(\.\d{1,3}){3}$/.test(host)) return true;
  return /^::ffff:127(\.\d{1,3}){3}$/.test(host);
}
