/**
 * Secrets never live in config files. A secret option takes a reference — `{ env: NAME }` or
 * `{ keychain: NAME }` — resolved only when a step runs; a literal string is a config error.
 */
import { z } from 'zod';
import { createError } from '../errors/catalogue.js';

export type SecretRef = { env: string } | { keychain: string };

const LITERAL_SECRET_HINT =
  'write { env: NAME } and export NAME, or { keychain: NAME } after `glueflow auth set`; never the value itself';

/** Schema for a secret option. Use it in plugin option schemas for every credential. */
export function secret(description: string) {
  return z
    .union([
      z.strictObject({ env: z.string().min(1).describe('Environment variable holding the secret') }),
      z.strictObject({ keychain: z.string().min(1).describe('OS keychain entry (service glueflow)') }),
      z.string().transform((_value, ctx) => {
        ctx.addIssue({
          code: 'custom',
          message: 'literal secret in config',
          params: { expected: '{ env: NAME } or { keychain: NAME }', hint: LITERAL_SECRET_HINT },
          // The value itself must never be echoed back: no `input` on this issue.
        });
        return z.NEVER;
      }),
    ])
    .describe(`${description} (secret: { env: NAME } or { keychain: NAME })`);
}

/** Key names that hold secrets whatever the plugin's schema says — a second line of defence. */
const SECRET_KEY = /(password|passwd|secret|token|api[-_]?key|private[-_]?key|client[-_]?secret)$/i;

/** Whether a key name holds a secret (its value is never shown, not even in an error). */
export function isSecretKey(key: PropertyKey | undefined): boolean {
  return typeof key === 'string' && SECRET_KEY.test(key);
}

export interface LiteralSecret {
  path: Array<string | number>;
}

/** Finds string values under secret-looking keys anywhere in a config tree. */
export function findLiteralSecrets(value: unknown, path: Array<string | number> = []): LiteralSecret[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => findLiteralSecrets(item, [...path, i]));
  if (typeof value !== 'object' || value === null) return [];
  const found: LiteralSecret[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'string' && SECRET_KEY.test(key) && child.length > 0)
      found.push({ path: [...path, key] });
    else found.push(...findLiteralSecrets(child, [...path, key]));
  }
  return found;
}

export { LITERAL_SECRET_HINT };

export interface SecretSources {
  env: Record<string, string | undefined>;
  /** Reads `glueflow`/<name> from the OS keychain; undefined when absent or no backend. */
  keychain?: (name: string) => string | undefined;
}

/** Resolves a reference at run time; the error names the reference, never a value. */
export function resolveSecret(ref: SecretRef, sources: SecretSources): string {
  if ('env' in ref) {
    const value = sources.env[ref.env];
    if (value) return value;
    throw createError('ECONFIG_SECRET_MISSING', { source: 'env', name: ref.env });
  }
  const value = sources.keychain?.(ref.keychain);
  if (value) return value;
  throw createError('ECONFIG_SECRET_MISSING', { source: 'keychain', name: ref.keychain });
}
