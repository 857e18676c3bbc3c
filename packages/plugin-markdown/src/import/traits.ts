/**
 * Front matter `traits:` set the type's other fields. They are checked against the flexible asset
 * type before anything is written: the key must be a field (by name-key or display name), the value
 * must fit the field's kind, and the title/content fields stay the plugin's own.
 *
 * Values are attacker-controlled text that IT Glue shows to technicians, so none is stored as
 * written: Textbox fields hold HTML and get the body's treatment (markdown → the same sanitizer and
 * URL policy, `<script>`/`onerror`/`javascript:` gone); every other kind must *be* its kind — a
 * number, a boolean, a calendar date, one of a Select's options, ids for a Tag, and plain text
 * (no HTML markup, no control characters) for Text.
 */
import type { EnsuredFlexibleAssetType } from '@glueflow/core';
import { renderFragmentSync } from '../render/render-markdown.js';
import { MarkdownImportError } from './errors.js';
import type { SelectOptionsByField } from './select-options.js';

type Field = EnsuredFlexibleAssetType['fields'][number];

const NOT_SETTABLE: Record<string, string> = {
  Header: 'a Header field holds no value',
  Upload: 'Upload fields take files; attach them in IT Glue',
  Password: 'secrets do not belong in markdown files; use IT Glue passwords',
};

export interface TraitRules {
  fields: Field[];
  titleField: string;
  contentField: string;
  typeName: string;
  /** Options of the type's Select fields (select-options.ts); a field not listed takes plain text. */
  selectOptions?: SelectOptionsByField;
  /** For Textbox values: the body's extra link schemes and parse time limit. */
  linkSchemes?: readonly string[];
  maxParseMs?: number;
  /** Told of every link a Textbox value lost to the URL policy (the import warns about it). */
  onDroppedLink?: (key: string, url: string) => void;
}

/** What a value should have been; thrown by the kind checks, turned into the file's message. */
class WrongValue {
  constructor(readonly expected: string) {}
}

/** Validated traits keyed by name-key; `lineOf(key)` gives the front matter line for messages. */
export function validateTraits(
  raw: unknown,
  rules: TraitRules,
  item: string,
  lineOf: (key: string) => number | undefined,
): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  const fail = (
    message: string,
    hint: string,
    key?: string,
    found?: { expected: string; actual: string },
  ): never => {
    const line = key === undefined ? lineOf('') : lineOf(key);
    throw new MarkdownImportError(
      'EMARKDOWN_TRAITS',
      `${item}: ${message}`,
      hint,
      item,
      line ? `${line}:1` : undefined,
      found?.expected,
      found?.actual,
    );
  };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    fail(
      'front matter `traits:` must be a mapping of field: value',
      'e.g. `traits:\\n  owner: Service desk`',
    );
  }
  const traits: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const field =
      rules.fields.find((f) => f.nameKey === key) ??
      rules.fields.find((f) => f.name.toLowerCase() === key.toLowerCase());
    if (!field) {
      fail(
        `trait "${key}" is not a field of the flexible asset type "${rules.typeName}"`,
        `use one of: ${rules.fields.map((f) => f.nameKey).join(', ')}`,
        key,
      );
      continue;
    }
    if (field.nameKey === rules.titleField || field.nameKey === rules.contentField) {
      fail(
        `trait "${key}" is the ${field.nameKey === rules.titleField ? 'title' : 'content'} field, which the import fills`,
        'set the title with `title:` or the first H1; the content is the markdown body',
        key,
      );
    }
    const reason = NOT_SETTABLE[field.kind];
    if (reason) fail(`trait "${key}" is a ${field.kind} field: ${reason}`, 'remove it from `traits:`', key);
    try {
      traits[field.nameKey] = valueFor(field, value, rules, (url) => rules.onDroppedLink?.(key, url));
    } catch (error) {
      if (!(error instanceof WrongValue)) throw error;
      const actual = describe(value);
      fail(
        `trait "${key}" (${field.kind}) must be ${error.expected}, found ${actual}`,
        `write it as ${error.expected}`,
        key,
        { expected: error.expected, actual },
      );
    }
  }
  return traits;
}

const MARKUP = /<[a-zA-Z/!?]/;
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function valueFor(field: Field, value: unknown, rules: TraitRules, dropped: (url: string) => void): unknown {
  if (value === null) return null;
  const wrong = (expected: string): never => {
    throw new WrongValue(expected);
  };
  switch (field.kind) {
    case 'Checkbox':
      return typeof value === 'boolean' ? value : wrong('true or false');
    case 'Number':
    case 'Percent':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      return typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(value)
        ? Number(value)
        : wrong('a number');
    case 'Date':
      return calendarDate(value) ?? wrong('a date (YYYY-MM-DD)');
    case 'Tag': {
      const ids = Array.isArray(value) ? value : [value];
      return ids.every(
        (id) =>
          (typeof id === 'number' && Number.isInteger(id) && id > 0) ||
          (typeof id === 'string' && /^[1-9]\d*$/.test(id)),
      )
        ? ids.map(String)
        : wrong('an IT Glue id or a list of ids');
    }
    case 'Textbox': {
      // HTML in IT Glue: the same markdown → sanitized HTML as the body.
      const rendered = renderFragmentSync(scalarText(value) ?? wrong('text'), {
        ...(rules.linkSchemes ? { linkSchemes: rules.linkSchemes } : {}),
        ...(rules.maxParseMs ? { maxParseMs: rules.maxParseMs } : {}),
      });
      for (const link of rendered.droppedLinks ?? []) dropped(link.url);
      return rendered.html;
    }
    case 'Select': {
      const options = rules.selectOptions?.get(field.nameKey) ?? [];
      const text = scalarText(value);
      if (options.length > 0) {
        return text !== undefined && options.includes(text)
          ? text
          : wrong(`one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
      }
      return plainText(value) ?? wrong('plain text without HTML markup');
    }
    default:
      // Text and kinds IT Glue may add: shown as text, so it must be text and nothing more.
      return plainText(value) ?? wrong('plain text without HTML markup');
  }
}

function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

/** Text with no HTML markup and no control characters: what Text fields (and titles) may hold. */
export function isPlainText(text: string): boolean {
  return !MARKUP.test(text) && !CONTROL.test(text);
}

function plainText(value: unknown): string | undefined {
  const text = scalarText(value);
  return text === undefined || MARKUP.test(text) || CONTROL.test(text) ? undefined : text;
}

/** `YYYY-MM-DD` of a real calendar day (a YAML date, or text starting with one); else undefined. */
function calendarDate(value: unknown): string | undefined {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value !== 'string') return undefined;
  const match = DATE.exec(value.trim());
  if (!match) return undefined;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? value.trim().slice(0, 10)
    : undefined;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
