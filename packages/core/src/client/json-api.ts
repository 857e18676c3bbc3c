/**
 * JSON:API in, typed camelCase models out. Every answer is validated: a missing `data`, an id of
 * the wrong kind or an attribute of the wrong type is EITGLUE_BAD_RESPONSE naming the spot, never a
 * TypeError three calls later. Unknown attributes are kept (IT Glue adds fields over time).
 */
import { z } from 'zod';
import { createError } from '../errors/index.js';
import { toCamel, toSnake } from './case.js';
import type { CamelKeys } from './case.js';

/** JSON:API ids are strings; IT Glue sends numbers inside attributes. Models always use strings. */
export const idSchema = z.union([z.string().min(1), z.number().int()]).transform(String);

export const resourceObjectSchema = z.object({
  id: idSchema,
  type: z.string(),
  attributes: z.record(z.string(), z.unknown()).nullish(),
  relationships: z.record(z.string(), z.unknown()).nullish(),
});
export type ResourceObject = z.output<typeof resourceObjectSchema>;

const metaSchema = z.record(z.string(), z.unknown());

/**
 * A list page, checked shallowly: each record is validated only when it is yielded, so a page of
 * 1000 is never held in two or three validated copies at once (constant memory while streaming).
 */
export const pageDocumentSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.record(z.string(), z.unknown()).nullish(),
  included: z.array(z.unknown()).nullish(),
});

export const collectionDocumentSchema = z.object({
  data: z.array(resourceObjectSchema),
  meta: metaSchema.nullish(),
  links: z.record(z.string(), z.unknown()).nullish(),
  included: z.array(resourceObjectSchema).nullish(),
});
export type CollectionDocument = z.output<typeof collectionDocumentSchema>;

export const singleDocumentSchema = z.object({
  data: resourceObjectSchema,
  included: z.array(resourceObjectSchema).nullish(),
});
export type SingleDocument = z.output<typeof singleDocumentSchema>;

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
  parse(resource: ResourceObject, where: string): M;
}

/** A model: kebab attribute schemas as on the wire; the model type is their camelCase form. */
export function defineModel<S extends z.ZodRawShape>(
  jsonType: string,
  shape: S,
): ModelDefinition<ModelOf<S>> {
  const attributes = z.looseObject(shape);
  return {
    jsonType,
    parse(resource, where) {
      const result = attributes.safeParse(resource.attributes ?? {});
      if (!result.success) throw badResponse(where, result.error, ['data', 'attributes']);
      return {
        ...toCamel<Record<string, unknown>>(result.data),
        id: resource.id,
        type: resource.type,
      } as ModelOf<S>;
    },
  };
}

export function parseDocument<T>(schema: z.ZodType<T>, body: unknown, where: string): T {
  const result = schema.safeParse(body);
  if (!result.success) throw badResponse(where, result.error, []);
  return result.data;
}

/** One record of a page: `data[index]` in the error path when it is malformed. */
export function parseResourceAt(value: unknown, index: number, where: string): ResourceObject {
  const result = resourceObjectSchema.safeParse(value);
  if (!result.success) throw badResponse(where, result.error, ['data', index]);
  return result.data;
}

function badResponse(where: string, error: z.ZodError, prefix: Array<string | number>) {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path ?? [])]
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
  const message = issue?.message.replace(/^Invalid input: /, '') ?? 'invalid';
  return createError('EITGLUE_BAD_RESPONSE', { where, problem: `${path || 'body'}: ${message}` });
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

// Attribute schema helpers: IT Glue sends null for empty values, and may omit fields.
export const text = () => z.string().nullish();
export const int = () => z.number().nullish();
export const flag = () => z.boolean().nullish();
export const ref = () =>
  z
    .union([z.number(), z.string()])
    .nullish()
    .transform((value) => (value === null || value === undefined ? value : String(value)));
export const json = () => z.unknown();
