/**
 * Errors reach logs through an allow-list. An AxiosError carries the request config — headers with
 * the API key, the body with password values — and the response; none of that may be logged, so
 * only named, harmless fields are copied. Strings still go through the redactor afterwards.
 */

interface AxiosLike {
  isAxiosError: true;
  code?: string;
  message: string;
  config?: { method?: string; url?: string; baseURL?: string; timeout?: number };
  response?: { status?: number; statusText?: string };
}

function isAxiosLike(error: unknown): error is AxiosLike {
  return (
    typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true
  );
}

/** Errors from any realm (jest's VM, worker threads) count, not only this realm's Error. */
export function isErrorLike(value: unknown): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}

/** A plain object safe to log (secret-free by construction, strings still to be redacted). */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (isAxiosLike(error)) {
    const config = error.config ?? {};
    return compact({
      name: 'AxiosError',
      code: error.code,
      message: error.message,
      method: config.method?.toUpperCase(),
      url: pathOnly(config.url, config.baseURL),
      timeoutMs: config.timeout,
      status: error.response?.status,
      statusText: error.response?.statusText,
    });
  }
  if (!isErrorLike(error)) return { name: 'NonError', message: String(error) };
  const e = error as Error & Record<string, unknown>;
  const out: Record<string, unknown> = compact({
    name: e.name,
    code: typeof e.code === 'string' ? e.code : undefined,
    message: e.message,
    hint: typeof e.hint === 'string' ? e.hint : undefined,
    where: typeof e.where === 'string' ? e.where : undefined,
    status: typeof e.status === 'number' ? e.status : undefined,
    requestId: typeof e.requestId === 'string' ? e.requestId : undefined,
    details: Array.isArray(e.details) ? e.details : undefined,
    stack: e.stack,
  });
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** Path and query of a request URL, without the origin (the query is redacted later). */
function pathOnly(url: string | undefined, baseURL: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url, baseURL ?? 'http://x');
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}
