/**
 * What bounds an MCP session: a call limit (a model in a loop stops, and says so) and a cap on each
 * result's size (a model's context is small; a page of records is enough to act on).
 */
export const DEFAULT_CALL_LIMIT = 200;
export const DEFAULT_MAX_RESULT_BYTES = 64 * 1024;

/** The marker on a result that was cut to fit `maxResultBytes`. */
export interface TruncationMarker {
  truncated: true;
  /** How many items of the longest list were left out, when a list was shortened. */
  omitted?: number;
  hint: string;
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * The result as JSON text of at most `maxBytes` UTF-8 bytes. A result too big loses items from the end
 * of its longest top-level list (hits, organizations, plan entries …) and gains `truncated`, `omitted`
 * and `hint`; a result that still does not fit (one huge record) becomes `{ truncated, hint, partial }`,
 * the start of its JSON text.
 */
export function capResult(result: unknown, maxBytes: number, hint: string): string {
  const full = JSON.stringify(result) ?? 'null';
  if (Buffer.byteLength(full, 'utf8') <= maxBytes) return full;
  const shortened = shortenLongestList(result, maxBytes, hint);
  if (shortened !== undefined) return JSON.stringify(shortened);
  const marker: TruncationMarker = { truncated: true, hint };
  const room = maxBytes - bytes({ ...marker, partial: '' });
  return JSON.stringify({ ...marker, partial: cutToBytes(full, Math.max(0, room)) });
}

function shortenLongestList(result: unknown, maxBytes: number, hint: string): unknown {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return undefined;
  const record = result as Record<string, unknown>;
  const lists = Object.entries(record).filter((entry): entry is [string, unknown[]] =>
    Array.isArray(entry[1]),
  );
  if (lists.length === 0) return undefined;
  const [key, items] = lists.reduce((a, b) => (bytes(b[1]) > bytes(a[1]) ? b : a));
  const fits = (n: number) => bytes(withItems(record, key, items, n, hint)) <= maxBytes;
  if (!fits(0)) return undefined;
  // Binary search for the most items that fit.
  let low = 0;
  let high = items.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return withItems(record, key, items, low, hint);
}

function withItems(record: Record<string, unknown>, key: string, items: unknown[], n: number, hint: string) {
  const marker: TruncationMarker = { truncated: true, omitted: items.length - n, hint };
  return { ...record, [key]: items.slice(0, n), ...marker };
}

/** The longest prefix of `text` within `max` bytes once JSON-escaped, cut between code points. */
function cutToBytes(text: string, max: number): string {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (Buffer.byteLength(JSON.stringify(text.slice(0, mid)), 'utf8') - 2 <= max) low = mid;
    else high = mid - 1;
  }
  let end = low;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // never split a surrogate pair
  return text.slice(0, end);
}
