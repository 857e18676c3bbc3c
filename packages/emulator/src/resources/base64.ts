/** Strict base64 as IT Glue wants it: standard alphabet, padded, no whitespace or line breaks. */
export function isStrictBase64(value: string): boolean {
  return value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
}
