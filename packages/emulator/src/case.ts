/** IT Glue accepts snake_case or kebab-case on write and always answers kebab-case. */
export function toKebab(key: string): string {
  return key.replace(/_/g, '-');
}

export function toSnake(key: string): string {
  return key.replace(/-/g, '_');
}

export function kebabKeys(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) out[toKebab(key)] = value;
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
