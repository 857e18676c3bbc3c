/**
 * Front matter `traits:` set the type's other fields. They are checked against the flexible asset
 * type before anything is written: the key must be a field (by name-key or display name), the value
 * must fit the field's kind, and the title/content fields stay the plugin's own.
 */
import type { EnsuredFlexibleAssetType } from '@glueflow/core';
import { MarkdownImportError } from './errors.js';

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
}

/** Validated traits keyed by name-key; `lineOf(key)` gives the front matter line for messages. */
export function validateTraits(
  raw: unknown,
  rules: TraitRules,
  item: string,
  lineOf: (key: string) => number | undefined,
): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  const fail = (message: string, hint: string, key?: string): never => {
    const line = key === undefined ? lineOf('') : lineOf(key);
    throw new MarkdownImportError(
      'EMARKDOWN_TRAITS',
      `${item}: ${message}`,
      hint,
      item,
      line ? `${line}:1` : undefined,
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
    traits[field.nameKey] = valueFor(field, value, (expected) =>
      fail(
        `trait "${key}" (${field.kind}) must be ${expected}, found ${JSON.stringify(value)}`,
        `write it as ${expected}`,
        key,
      ),
    );
  }
  return traits;
}

function valueFor(field: Field, value: unknown, wrong: (expected: string) => never): unknown {
  if (value === null) return null;
  switch (field.kind) {
    case 'Checkbox':
      return typeof value === 'boolean' ? value : wrong('true or false');
    case 'Number':
    case 'Percent':
      if (typeof value === 'number') return value;
      return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
        ? Number(value)
        : wrong('a number');
    case 'Date':
      if (value instanceof Date) return value.toISOString().slice(0, 10);
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)
        ? value
        : wrong('a date (YYYY-MM-DD)');
    case 'Tag': {
      const ids = Array.isArray(value) ? value : [value];
      return ids.every(
        (id) =>
          (typeof id === 'number' && Number.isInteger(id)) || (typeof id === 'string' && /^\d+$/.test(id)),
      )
        ? ids.map(String)
        : wrong('an IT Glue id or a list of ids');
    }
    default:
      // Text, Textbox, Select and kinds IT Glue may add: text.
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : wrong('text');
  }
}
