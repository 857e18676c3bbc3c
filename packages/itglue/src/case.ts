/**
 * IT Glue answers in kebab-case and documents requests in snake_case; glueflow users write
 * camelCase. Conversion is deep, except inside `traits`: trait keys are a flexible asset type's
 * field name-keys, data rather than schema, and must reach IT Glue exactly as they are.
 */

/** Kebab-case string → camelCase string, at the type level (`organization-id` → `organizationId`). */
export type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

export type CamelKeys<T> = T extends readonly (infer U)[]
  ? CamelKeys<U>[]
  : T extends Record<string, unknown>
    ? { [K in keyof T as K extends string ? CamelCase<K> : K]: K extends 'traits' ? T[K] : CamelKeys<T[K]> }
    : T;

const OPAQUE_KEYS = new Set(['traits']);

export function camelCase(key: string): string {
  return key.replace(/[-_]+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

export function snakeCase(key: string): string {
  return (
    key
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      // address1 → address_1 (IT Glue's address-1)
      .replace(/([a-z])([0-9])/g, '$1_$2')
      .replace(/-/g, '_')
      .toLowerCase()
  );
}

export function kebabCase(key: string): string {
  return snakeCase(key).replace(/_/g, '-');
}

/** Deep key conversion of plain JSON values; `traits` values are copied untouched. */
export function convertKeys(value: unknown, convert: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => convertKeys(item, convert));
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[convert(key)] = OPAQUE_KEYS.has(key) ? child : convertKeys(child, convert);
  }
  return out;
}

export const toCamel = <T = unknown>(value: unknown): T => convertKeys(value, camelCase) as T;
export const toSnake = <T = unknown>(value: unknown): T => convertKeys(value, snakeCase) as T;
