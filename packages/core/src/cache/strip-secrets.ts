/**
 * What must never reach the cache file, whatever a caller hands to `put`: password values, OTP
 * secrets, a flexible asset's Password-kind traits (see client/secret-fields.ts) and file contents
 * (attachments, document bodies, upload traits). The cache stores metadata only; a value is always
 * fetched from IT Glue when it is needed.
 */
import { isSecretTraitName, SECRET_RECORD_FIELDS } from '@glueflow/itglue';
import type { SecretTraitKeys } from '@glueflow/itglue';

// Keys removed at any depth: secrets in every spelling, and `content`/`attachment`, which carry file
// bodies (attachments, document sections, flexible-asset Upload traits).
const NEVER_STORED = new Set<string>([
  ...SECRET_RECORD_FIELDS,
  'content',
  'attachment',
  'fileContent',
  'file-content',
  'file_content',
]);

/** `secretKeys`: the Password-kind trait keys of the record's flexible asset type, when known. */
export function stripSecrets<T>(record: T, secretKeys?: SecretTraitKeys): T {
  return strip(record, false, secretKeys) as T;
}

function strip(value: unknown, inTraits: boolean, secretKeys: SecretTraitKeys): unknown {
  if (Array.isArray(value)) return value.map((item) => strip(item, false, secretKeys));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (NEVER_STORED.has(key)) continue;
    if (inTraits && (secretKeys?.has(key) || isSecretTraitName(key))) continue;
    out[key] = strip(inner, key === 'traits', secretKeys);
  }
  return out;
}
