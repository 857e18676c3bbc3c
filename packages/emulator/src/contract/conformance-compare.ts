/**
 * Attribute-by-attribute comparison of emulator answers with the published examples (test support
 * for conformance.test.ts; no emulator internals, only JSON).
 */

/** JSON types as the contract distinguishes them: an integer is not any number. */
export type JsonType = 'null' | 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'object';
}

export interface ResourceObject {
  id?: unknown;
  type?: unknown;
  attributes?: Record<string, unknown>;
}

/** What the examples of one type say about an attribute. */
export interface AttributeSpec {
  /** The first non-null type the examples show; null when they only show null (no type to check). */
  type: JsonType | null;
  /** In every example record (an attribute only some records show is optional). */
  required: boolean;
  /** For arrays of objects (contact emails, phones): the documented keys of each entry. */
  entries?: Record<string, AttributeSpec>;
}

export type Schema = Record<string, AttributeSpec>;

/** The documented attributes of one type, from every example record of it. */
export function schemaOf(records: readonly Record<string, unknown>[]): Schema {
  const schema: Schema = {};
  const keys = new Set(records.flatMap((record) => Object.keys(record)));
  for (const key of keys) {
    const values = records.filter((record) => key in record).map((record) => record[key]);
    const type = values.map(jsonTypeOf).find((found) => found !== 'null') ?? null;
    const spec: AttributeSpec = { type, required: values.length === records.length };
    const objects = values.flatMap((value) => (Array.isArray(value) ? value : [])).filter(isObject);
    if (type === 'array' && objects.length > 0) spec.entries = schemaOf(objects);
    schema[key] = spec;
  }
  return schema;
}

export interface Comparison {
  problems: string[];
  /** Documented attributes whose type was checked on at least one non-null emulator value. */
  typeChecked: Set<string>;
  /** Documented attributes only checked for presence (null in the example, or always null here). */
  presentOnly: Set<string>;
  /** Undocumented attributes the emulator answered (each must be allowed with a reason). */
  extras: Set<string>;
}

/** Compares emulator records of one JSON:API type with that type's documented schema. */
export function compareRecords(type: string, schema: Schema, records: readonly ResourceObject[]): Comparison {
  const result: Comparison = {
    problems: [],
    typeChecked: new Set(),
    presentOnly: new Set(),
    extras: new Set(),
  };
  const problem = (text: string) => {
    if (!result.problems.includes(text)) result.problems.push(text);
  };
  if (records.length === 0) problem(`no ${type} record to compare`);
  for (const record of records) {
    if (typeof record.id !== 'string' || !/^\d+$/.test(record.id))
      problem(`id ${JSON.stringify(record.id)} is not a numeric string`);
    if (record.type !== type) problem(`type ${JSON.stringify(record.type)}, documented "${type}"`);
    const attributes = record.attributes ?? {};
    for (const key of Object.keys(attributes)) if (!(key in schema)) result.extras.add(key);
    for (const [key, spec] of Object.entries(schema)) {
      if (!(key in attributes)) {
        if (spec.required) problem(`${key}: missing`);
        continue;
      }
      checkValue(key, spec, attributes[key], problem, result.typeChecked);
    }
  }
  for (const [key, spec] of Object.entries(schema)) {
    if (!result.typeChecked.has(key) && (spec.required || records.some((r) => key in (r.attributes ?? {})))) {
      result.presentOnly.add(key);
    }
  }
  return result;
}

function checkValue(
  key: string,
  spec: AttributeSpec,
  value: unknown,
  problem: (text: string) => void,
  typeChecked: Set<string>,
): void {
  const found = jsonTypeOf(value);
  if (spec.type === null || found === 'null') return;
  typeChecked.add(key);
  if (found !== spec.type) {
    problem(`${key}: ${found} ${JSON.stringify(value)}, documented ${spec.type}`);
    return;
  }
  if (!spec.entries || !Array.isArray(value)) return;
  for (const entry of value) {
    if (!isObject(entry)) {
      problem(`${key}[]: ${jsonTypeOf(entry)}, documented object`);
      continue;
    }
    for (const [inner, innerSpec] of Object.entries(spec.entries)) {
      if (!(inner in entry)) {
        if (innerSpec.required) problem(`${key}[].${inner}: missing`);
        continue;
      }
      const innerType = jsonTypeOf(entry[inner]);
      if (innerSpec.type !== null && innerType !== 'null' && innerType !== innerSpec.type) {
        problem(`${key}[].${inner}: ${innerType}, documented ${innerSpec.type}`);
      }
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
