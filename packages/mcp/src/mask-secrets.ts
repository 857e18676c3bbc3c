/**
 * The MCP server's one secret rule, applied to every tool result and every logged argument: password
 * values, OTP secrets and a flexible asset's Password-kind traits are replaced by `[secret]` at any
 * depth (records, plans, nested `included` records), the same fields the cache and plans keep out
 * (@glueflow/itglue secret-fields.ts). A model learns a value exists, never what it is.
 */
import { SECRET_PLACEHOLDER, SECRET_RECORD_FIELDS, isSecretTraitName } from '@glueflow/itglue';

const SECRET_FIELDS = new Set<string>(SECRET_RECORD_FIELDS.map((field) => field.toLowerCase()));

/** `knownTraitKeys`: the Password-kind trait keys of the record's flexible asset type, when read. */
export function maskSecrets(value: unknown, knownTraitKeys?: ReadonlySet<string>): unknown {
  return walk(value, false, knownTraitKeys, 0);
}

function walk(
  value: unknown,
  inTraits: boolean,
  known: ReadonlySet<string> | undefined,
  depth: number,
): unknown {
  if (depth > 64) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => walk(item, false, known, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const secret =
      SECRET_FIELDS.has(key.toLowerCase()) || (inTraits && (known?.has(key) || isSecretTraitName(key)));
    if (secret) out[key] = inner === null || inner === undefined || inner === '' ? inner : SECRET_PLACEHOLDER;
    else out[key] = walk(inner, key === 'traits', known, depth + 1);
  }
  return out;
}
