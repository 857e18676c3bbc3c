/**
 * What the index keeps of one cached record. It is given the record exactly as the cache stores it
 * (after strip-secrets.ts: no password values, no Password-kind or secret-sounding traits, no file
 * or document bodies), so nothing the cache may not hold can reach the index. Here the record is
 * only narrowed: ids, timestamps and URLs are not words anyone searches for, HTML is reduced to its
 * text, control and bidi characters go (snippets are printed to terminals), and a record's text is
 * capped so one hostile record cannot bloat the index.
 */
import type { CachedRecord, CachedType } from '../cache/cache-types.js';

export interface SearchDocument {
  type: CachedType;
  id: string;
  name: string;
  /** Every other text attribute (notes, hostname, serial, address, contact emails, asset type name …). */
  body: string;
  /** A flexible asset's trait values, as the cache holds them. */
  traits: string;
  organizationId: string | null;
  organizationName: string | null;
  url: string | null;
}

const MAX_FIELD_CHARS = 32_768;
const MAX_DEPTH = 6;

// Keys whose values are not prose: references, stamps, links, flags IT Glue adds to every record.
const SKIPPED = new Set([
  'id',
  'type',
  'name',
  'organizationName',
  'resourceUrl',
  'resourceType',
  'downloadUrl',
  'psaIntegration',
]);
const REFERENCE_KEY = /(^id$|Id$|-id$|_id$|Ids$|-ids$|_ids$|At$|-at$|_at$|Url$|-url$|_url$)/;

export function searchDocumentOf(type: CachedType, record: CachedRecord): SearchDocument {
  const traits = type === 'flexible-assets' ? record.traits : undefined;
  const bodyParts: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === 'traits' || SKIPPED.has(key) || REFERENCE_KEY.test(key)) continue;
    collect(value, bodyParts, 0);
  }
  const traitParts: string[] = [];
  if (traits && typeof traits === 'object') collect(traits, traitParts, 0);
  return {
    type,
    id: String(record.id),
    name: clean(nameOf(record)),
    body: clean(bodyParts.join(' ')),
    traits: clean(traitParts.join(' ')),
    organizationId: textOrNull(record.organizationId),
    organizationName: textOrNull(record.organizationName),
    url: webUrl(record.resourceUrl),
  };
}

function nameOf(record: CachedRecord): string {
  if (typeof record.name === 'string' && record.name.trim() !== '') return record.name;
  // Contacts may come without `name`: IT Glue's own display name is first + last.
  const parts = [record.firstName, record.lastName].filter((part) => typeof part === 'string');
  return parts.join(' ');
}

/** String and number leaves in document order; nested keys follow the same skip rules. */
function collect(value: unknown, out: string[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === 'string') {
    if (value.trim() !== '') out.push(value);
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    out.push(String(value));
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, out, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'id' || key === 'type' || REFERENCE_KEY.test(key)) continue;
      collect(inner, out, depth + 1);
    }
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain, printable, bounded text: tags and entities of HTML fields resolved, control/bidi characters dropped. */
export function clean(text: string): string {
  return (
    text
      .slice(0, MAX_FIELD_CHARS * 2)
      .replace(/<[^>]*>/g, ' ')
      .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/gi, (entity: string, body: string) =>
        decodeEntity(entity, body),
      )
      // C0/C1 controls (terminal escapes) and bidi overrides; the snippet markers are controls too,
      // so a record can never forge a highlight.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')
      // One line: snippets are printed in a table.
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, MAX_FIELD_CHARS)
  );
}

function decodeEntity(entity: string, body: string): string {
  if (body.startsWith('#')) {
    const code =
      body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return Number.isInteger(code) && code > 0x1f && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
  }
  return ENTITIES[body.toLowerCase()] ?? entity;
}

function textOrNull(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? clean(value) : null;
}

/** Only an http(s) URL is handed out as a link (never `javascript:` or a terminal escape). */
function webUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
