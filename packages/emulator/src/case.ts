/** IT Glue accepts snake_case or kebab-case on write and always answers kebab-case. */
export function toKebab(key: string): string {
  return key.replace(/_/g, '-');
}

/**
 * An attribute name as IT Glue's Rails deserializer reads it (`underscore`): camelCase and
 * capitals fold too, so the docs' own `"otpSecret"` and `"City"` land on otp-secret and city.
 */
export function attributeKey(key: string): string {
  return toKebab(key.replace(/([a-z\d])([A-Z])/g, '$1_$2').toLowerCase());
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
