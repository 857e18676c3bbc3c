import { fieldInvalid } from '../errors.js';
import { isPlainObject, toKebab } from '../case.js';
import type { EmulatorContext } from '../context.js';
import type { StoredRecord } from '../store/store.js';
import type { ResourceType } from './types.js';
import { isStrictBase64 } from './base64.js';

export const FIELD_KINDS = [
  'Checkbox',
  'Date',
  'Header',
  'Number',
  'Select',
  'Text',
  'Textbox',
  'Upload',
  'Tag',
  'Percent',
  'Password',
] as const;

/** Tag fields name what they point at; these are the emulated targets. */
const TAG_TARGETS: Record<string, ResourceType> = {
  Configurations: 'configurations',
  Contacts: 'contacts',
  Locations: 'locations',
  Organizations: 'organizations',
  Passwords: 'passwords',
};

export function fieldsOfType(ctx: EmulatorContext, typeId: number): StoredRecord[] {
  return ctx.store
    .owned('flexible_asset_fields', String(typeId))
    .sort((a, b) => Number(a.attributes.order ?? 0) - Number(b.attributes.order ?? 0) || a.id - b.id);
}

/**
 * The whole trait set a write leaves behind: IT Glue replaces traits wholesale, so whatever the
 * client omitted is gone. Unknown keys and missing required values are 422s.
 */
export function normalizeTraits(ctx: EmulatorContext, typeId: number, raw: unknown): Record<string, unknown> {
  if (raw != null && !isPlainObject(raw)) throw fieldInvalid('traits', 'traits must be an object');
  const fields = fieldsOfType(ctx, typeId);
  const byKey = new Map(fields.map((field) => [String(field.attributes['name-key']), field]));
  const traits: Record<string, unknown> = {};
  for (const [rawKey, value] of Object.entries(raw ?? {})) {
    const key = toKebab(rawKey);
    const field = byKey.get(key);
    if (!field) {
      throw fieldInvalid(`traits/${key}`, `${key} is not a field of flexible asset type ${typeId}`);
    }
    if (value === null || value === '') continue;
    traits[key] = traitValue(ctx, field, key, value);
  }
  for (const field of fields) {
    const key = String(field.attributes['name-key']);
    if (field.attributes.required === true && field.attributes.kind !== 'Header' && !(key in traits)) {
      throw fieldInvalid(`traits/${key}`, `${String(field.attributes.name)} can't be blank`);
    }
  }
  return traits;
}

function traitValue(ctx: EmulatorContext, field: StoredRecord, key: string, value: unknown): unknown {
  const kind = field.attributes.kind;
  const invalid = (why: string) => fieldInvalid(`traits/${key}`, `${String(field.attributes.name)} ${why}`);
  switch (kind) {
    case 'Header':
      throw invalid('is a header and takes no value');
    case 'Number':
    case 'Percent': {
      const number = typeof value === 'string' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) throw invalid('must be a number');
      return number;
    }
    case 'Checkbox':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw invalid('must be true or false');
    case 'Date':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalid('must be a date');
      return value.slice(0, 10);
    case 'Select': {
      const options = String(field.attributes['default-value'] ?? '')
        .split('\n')
        .map((option) => option.trim())
        .filter(Boolean);
      if (typeof value !== 'string' || (options.length > 0 && !options.includes(value))) {
        throw invalid(`must be one of: ${options.join(', ')}`);
      }
      return value;
    }
    case 'Tag':
      return tagIds(ctx, String(field.attributes['tag-type'] ?? ''), value, invalid);
    case 'Upload': {
      const file = isPlainObject(value) ? value : {};
      const content = file.content;
      const fileName = file.file_name ?? file['file-name'];
      if (typeof content !== 'string' || !isStrictBase64(content) || typeof fileName !== 'string') {
        throw invalid('must be {content: <strict base64>, file_name}');
      }
      return { 'file-name': fileName, size: Buffer.from(content, 'base64').length };
    }
    default:
      if (typeof value !== 'string' && typeof value !== 'number') throw invalid('must be text');
      return String(value);
  }
}

function tagIds(
  ctx: EmulatorContext,
  tagType: string,
  value: unknown,
  invalid: (why: string) => Error,
): number[] {
  const list = Array.isArray(value) ? value : [value];
  const idsOut = list.map((item) => Number(item));
  if (idsOut.some((id) => !Number.isInteger(id) || id <= 0)) throw invalid('must be an id or a list of ids');
  const target = tagTarget(tagType);
  for (const id of idsOut) {
    if (target && !ctx.store.get(target, id)) throw invalid(`refers to a missing record ${id}`);
  }
  return idsOut;
}

function tagTarget(tagType: string): ResourceType | undefined {
  if (tagType.startsWith('FlexibleAssetType')) return 'flexible_assets';
  return TAG_TARGETS[tagType];
}

/** Tag traits read back as `{type, values: [{id, name}]}`. */
export function presentTraits(ctx: EmulatorContext, typeId: number, traits: unknown): unknown {
  if (!isPlainObject(traits)) return {};
  const out: Record<string, unknown> = { ...traits };
  for (const field of fieldsOfType(ctx, typeId)) {
    const key = String(field.attributes['name-key']);
    const value = traits[key];
    if (field.attributes.kind !== 'Tag' || !Array.isArray(value)) continue;
    const tagType = String(field.attributes['tag-type'] ?? '');
    const target = tagTarget(tagType);
    out[key] = {
      type: tagType,
      values: value.map((id: number) => {
        const attrs = target ? ctx.store.get(target, id)?.attributes : undefined;
        const name = attrs?.name ?? [attrs?.['first-name'], attrs?.['last-name']].filter(Boolean).join(' ');
        return { id, name: name || null };
      }),
    };
  }
  return out;
}

/** The asset name: its use-for-title trait values, in field order. */
export function titleOf(
  ctx: EmulatorContext,
  typeId: number,
  traits: Record<string, unknown>,
): string | null {
  const parts = fieldsOfType(ctx, typeId)
    .filter((field) => field.attributes['use-for-title'] === true)
    .map((field) => traits[String(field.attributes['name-key'])])
    .filter((value) => value !== undefined && value !== null && typeof value !== 'object')
    .map(String);
  return parts.length > 0 ? parts.join(' ') : null;
}

export function nameKeyOf(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
