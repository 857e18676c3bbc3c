/**
 * JSON:API in, typed camelCase models out. Every answer is validated: a missing `data`, an id of
 * the wrong kind or a strict attribute of the wrong type is EITGLUE_BAD_RESPONSE naming the spot and
 * the request id, never a TypeError three calls later. Any other attribute of an unexpected type is
 * set aside and reported, never fatal (tolerant-reader.ts). Unknown attributes are kept (IT Glue adds
 * fields over time).
 */
import { z } from 'zod';
import { toCamel, toSnake } from './case.js';
import type { CamelKeys } from './case.js';
import { badResponse } from './read-context.js';
import type { ReadContext } from './read-context.js';
import { readAttributes } from './tolerant-reader.js';

export { badResponse } from './read-context.js';
export type { ReadContext } from './read-context.js';

/** JSON:API ids are strings; IT Glue sends numbers inside attributes. Models always use strings. */
export const idSchema = z.union([z.string().min(1), z.number().int()]).transform(String);

export const resourceObjectSchema = z.object({
  id: idSchema,
  type: z.string(),
  attributes: z.record(z.string(), z.unknown()).nullish(),
  relationships: z.record(z.string(), z.unknown()).nullish(),
});
export type ResourceObject = z.output<typeof resourceObjectSchema>;

/**
 * A list page, checked shallowly: each record is validated only when it is yielded, so a page of
 * 1000 is never held in two or three validated copies at once (constant memory while streaming).
 */
export const pageDocumentSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.record(z.string(), z.unknown()).nullish(),
  included: z.array(z.unknown()).nullish(),
});

export const singleDocumentSchema = z.object({
  data: resourceObjectSchema,
  included: z.array(resourceObjectSchema).nullish(),
});

/** Creates and bulk writes answer with one object or an array. */
export const oneOrManyDocumentSchema = z.object({
  data: z.union([resourceObjectSchema, z.array(resourceObjectSchema)]),
});

export type ModelOf<S extends z.ZodRawShape> = { id: string; type: string } & CamelKeys<
  z.output<z.ZodObject<S>>
>;

export interface ModelDefinition<M> {
  /** JSON:API type as IT Glue answers it (kebab plural), e.g. `flexible-assets`. */
  jsonType: string;
  /** Attributes read strictly: a feature depends on them, so a wrong type fails the answer. */
  strict: readonly string[];
  parse(resource: ResourceObject, context: ReadContext | string): M;
}

export interface ModelOptions<S extends z.ZodRawShape> {
  /** Attributes a feature depends on (names it matches, fields it writes or compares). */
  strict?: ReadonlyArray<keyof S & string>;
}

/**
 * A model: kebab attribute schemas as on the wire; the model type is their camelCase form. Only the
 * `strict` attributes can fail a record; any other attribute of an unexpected type is set aside and
 * reported (tolerant-reader.ts), because IT Glue's answers vary by tenant and by year.
 */
export function defineModel<S extends z.ZodRawShape>(
  jsonType: string,
  shape: S,
  options: ModelOptions<S> = {},
): ModelDefinition<ModelOf<S>> {
  const attributes = z.looseObject(shape);
  const strict = new Set<string>(options.strict ?? []);
  return {
    jsonType,
    strict: [...strict],
    parse(resource, context) {
      const ctx = typeof context === 'string' ? { where: context } : context;
      const data = readAttributes(attributes, strict, resource, ctx);
      return {
        ...toCamel<Record<string, unknown>>(data),
        id: resource.id,
        type: resource.type,
      } as ModelOf<S>;
    },
  };
}

export function parseDocument<T>(schema: z.ZodType<T>, body: unknown, context: ReadContext | string): T {
  const result = schema.safeParse(body);
  if (!result.success) throw badResponse(context, result.error, []);
  return result.data;
}

/** One record of a page: `data[index]` in the error path when it is malformed. */
export function parseResourceAt(
  value: unknown,
  index: number,
  context: ReadContext | string,
): ResourceObject {
  const result = resourceObjectSchema.safeParse(value);
  if (!result.success) throw badResponse(context, result.error, ['data', index]);
  return result.data;
}

/** `{ data: { type, attributes } }` with snake_case attributes (trait keys untouched). */
export function encodeResource(jsonType: string, attributes: Record<string, unknown>, id?: string | number) {
  return {
    data: {
      type: jsonType,
      ...(id === undefined ? {} : { id: String(id) }),
      attributes: toSnake<Record<string, unknown>>(dropUndefined(attributes)),
    },
  };
}

export function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

// Attribute schema helpers: IT Glue sends null for empty values, and may omit fields. Lossless
// conversions are made silently (a number where text is expected; a numeric string where a number is).
export const text = () => z.union([z.string(), z.number().transform(String)]).nullish();
export const int = () =>
  z
    .union([
      z.number(),
      z
        .string()
        .regex(/^-?\d+(\.\d+)?$/)
        .transform(Number),
    ])
    .nullish();
export const flag = () => z.boolean().nullish();
/** A name a feature matches on: text, never null. */
export const label = () => z.union([z.string(), z.number().transform(String)]);
export const ref = () =>
  z
    .union([z.number(), z.string()])
    .nullish()
    .transform((value) => (value === null || value === undefined ? value : String(value)));
export const json = () => z.unknown();
