/** Small helpers the providers share for paging and field clean-up. */

/**
 * The `rel="next"` target of an RFC 8288 `Link` header. Hand-written (eight lines) because the npm
 * parsers for this either pull in querystring polyfills or are unmaintained.
 */
export function nextLink(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]+)>\s*;(.*)$/.exec(part);
    if (match && /\brel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}

/** Trimmed text or null (PSAs send "", " " and null for "nothing"). */
export function clean(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** An ISO-8601 string for any date the PSA sent, or null when it is not a date. */
export function isoDate(value: unknown): string | null {
  const text = clean(value);
  if (!text) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** `2024-01-01T00:00:00Z` — second precision, the form ConnectWise conditions and most PSAs accept. */
export function secondsIso(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
