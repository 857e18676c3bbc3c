/**
 * Reads whatever IT Glue (or the API Gateway in front of it) sent with a failed request.
 * Observed shapes (reference/itglue-api.md §7): JSON:API `errors[]` with a numeric or symbol
 * `status` and a pointer that is null, "data", "/data/attributes/x", "data/attributes/x" or an
 * array; the gateway's own `{"message": "..."}` (504, 413, 429); an HTML page for unknown routes.
 */
import type { ErrorDetail } from './glueflow-error.js';

export interface ParsedErrorBody {
  kind: 'json-api' | 'gateway' | 'html' | 'text' | 'empty';
  details: ErrorDetail[];
  /** One line for the error message, e.g. `name: can't be blank (+1 more)`. */
  summary: string;
}

export function parseErrorBody(body: unknown, contentType = ''): ParsedErrorBody {
  const value = decode(body);
  if (value === undefined || value === '') return { kind: 'empty', details: [], summary: 'no details' };
  if (typeof value === 'string') {
    if (/html/i.test(contentType) || /^\s*</.test(value)) {
      const title = /<title[^>]*>([^<]*)<\/title>/i.exec(value)?.[1]?.trim();
      return { kind: 'html', details: [], summary: title ? decodeEntities(title) : 'an HTML page' };
    }
    return { kind: 'text', details: [], summary: clip(value.trim()) };
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if ('errors' in record) {
      const details = jsonApiDetails(record.errors);
      return { kind: 'json-api', details, summary: summarise(details) };
    }
    const message = record.message ?? record.Message ?? record.error;
    if (typeof message === 'string') return { kind: 'gateway', details: [], summary: clip(message) };
  }
  return { kind: 'text', details: [], summary: clip(JSON.stringify(value)) };
}

function decode(body: unknown): unknown {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  if (typeof text !== 'string') return text;
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function jsonApiDetails(errors: unknown): ErrorDetail[] {
  if (Array.isArray(errors)) return errors.map(oneDetail);
  // Rails' other habit: { errors: { name: ["can't be blank"] } }.
  if (typeof errors === 'object' && errors !== null) {
    return Object.entries(errors).flatMap(([field, messages]) =>
      (Array.isArray(messages) ? messages : [messages]).map((message) => ({
        detail: String(message),
        pointer: `/data/attributes/${field}`,
      })),
    );
  }
  return typeof errors === 'string' ? [{ detail: errors }] : [];
}

function oneDetail(entry: unknown): ErrorDetail {
  if (typeof entry === 'string') return { detail: entry };
  if (typeof entry !== 'object' || entry === null) return { detail: String(entry) };
  const e = entry as Record<string, unknown>;
  const detail: ErrorDetail = {};
  if (e.status !== undefined && e.status !== null) detail.status = String(e.status);
  if (typeof e.title === 'string') detail.title = e.title;
  if (typeof e.detail === 'string') detail.detail = e.detail;
  const source = e.source as { pointer?: unknown } | undefined;
  const pointer = normalisePointer(source?.pointer);
  if (pointer !== undefined) detail.pointer = pointer;
  return detail;
}

/** Every pointer form becomes `/a/b`; null and empty become undefined. */
export function normalisePointer(pointer: unknown): string | undefined {
  if (Array.isArray(pointer)) return pointer.length === 0 ? undefined : `/${pointer.map(String).join('/')}`;
  if (typeof pointer !== 'string' || pointer === '') return undefined;
  return pointer.startsWith('/') ? pointer : `/${pointer}`;
}

function summarise(details: ErrorDetail[]): string {
  const first = details[0];
  if (!first) return 'no details';
  const field = first.pointer?.match(/\/attributes\/([^/]+)/)?.[1];
  const text = first.detail ?? first.title ?? first.status ?? 'error';
  const more = details.length > 1 ? ` (+${details.length - 1} more)` : '';
  return clip(
    `${field && !text.toLowerCase().includes(field.replace(/[-_]/g, ' ')) ? `${field}: ` : ''}${text}${more}`,
  );
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
