import type { EmulatorContext } from '../context.js';
import type { FieldDef, ResourceDef } from '../resources/types.js';
import { attributeKey, isPlainObject } from '../case.js';
import { fieldInvalid, referenceMissing } from '../errors.js';
import { planOf } from '../resources/plan.js';

export interface ParseOptions {
  mode: 'create' | 'update';
  /** The admin API (insert, mutate) may set read-only fields such as psa-id. */
  trusted?: boolean;
}

/**
 * Validates client attributes (snake, kebab or camel keys) into kebab changes. Unknown and read-only keys
 * are dropped silently, like Rails' strong parameters on the real API.
 */
export function parseChanges(
  ctx: EmulatorContext,
  def: ResourceDef,
  raw: unknown,
  options: ParseOptions,
): Record<string, unknown> {
  if (raw == null) return {};
  if (!isPlainObject(raw)) throw fieldInvalid('', 'attributes must be an object');
  const changes: Record<string, unknown> = {};
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = attributeKey(rawKey);
    const field = def.fields[key];
    if (!field) {
      if (options.trusted && (key === 'created-at' || key === 'updated-at'))
        changes[key] = coerceDateTime(key, value);
      continue;
    }
    if (!options.trusted && field.writable === false) continue;
    if (!options.trusted && options.mode === 'update' && field.createOnly) continue;
    changes[key] = coerce(ctx, key, field, value);
  }
  return changes;
}

function coerce(ctx: EmulatorContext, key: string, field: FieldDef, value: unknown): unknown {
  if (value === null) return null;
  const invalid = (why: string) => fieldInvalid(key, `${key.replace(/-/g, '_')} ${why}`);
  switch (field.kind) {
    case 'string': {
      if (typeof value !== 'string' && typeof value !== 'number') throw invalid('must be a string');
      const text = String(value);
      if (field.maxLength !== undefined && text.length > field.maxLength) {
        throw invalid(`is too long (maximum is ${field.maxLength} characters)`);
      }
      if (field.values && !field.values.includes(text))
        throw invalid(`must be one of: ${field.values.join(', ')}`);
      return text;
    }
    case 'integer':
    case 'id': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isInteger(number)) throw invalid('must be an integer');
      if (field.ref && !ctx.store.get(field.ref, number)) {
        throw referenceMissing(key, `${key.replace(/-/g, '_')} ${number} does not exist`);
      }
      return number;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw invalid('must be true or false');
    case 'date':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
        throw invalid('must be a date (YYYY-MM-DD)');
      return value.slice(0, 10);
    case 'datetime':
      return coerceDateTime(key, value);
    default:
      return value;
  }
}

function coerceDateTime(key: string, value: unknown): string {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw fieldInvalid(key, `${key.replace(/-/g, '_')} must be an RFC3339 date-time`);
  return new Date(ms).toISOString();
}

/** Required fields must hold a value once defaults and route parents are applied. */
export function checkRequired(def: ResourceDef, next: Record<string, unknown>): void {
  for (const key of planOf(def).required) {
    const value = next[key];
    if (value == null || value === '') throw fieldInvalid(key, `${key.replace(/-/g, '_')} can't be blank`);
  }
}

/** Fills the defaults of fields the client left empty. */
export function applyDefaults(def: ResourceDef, next: Record<string, unknown>): void {
  for (const { name, value, clone } of planOf(def).defaults) {
    if (next[name] == null) next[name] = clone ? structuredClone(value) : value;
  }
}
