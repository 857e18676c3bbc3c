/**
 * Secrets never live in config files. A secret option takes a reference — `{ env: NAME }` or
 * `{ keychain: NAME }` — resolved only when a step runs; a literal string is a config error.
 */
import { z } from 'zod';
import { KEYCHAIN_SERVICE } from '@glueflow/itglue';
import { createError } from '../errors/catalogue.js';
import { BAD_REFERENCE } from './problems.js';
import { isSecretKey } from './secret-scan.js';

export type SecretRef = { env: string } | { keychain: string };

export const LITERAL_SECRET_HINT =
  'write { env: NAME } and export NAME, or { keychain: NAME } after `glueflow auth set`; never the value itself';

/** Stands in for a refused secret value in zod issues (zod copies the input otherwise). */
const HIDDEN_INPUT = '(secret value not shown)';

export const SECRET_EXPECTED = '{ env: NAME } or { keychain: NAME }';

/** The one-line reason a value given for a secret option is refused (its value is never shown). */
export function secretShapeMessage(value: unknown): string {
  if (value === undefined) return 'required secret is missing';
  if (Array.isArray(value)) return 'a secret takes one reference, not a list';
  if (typeof value === 'object' && value !== null) return BAD_REFERENCE.reason;
  return 'literal secret in config';
}

/** Schema for a secret option. Use it in plugin option schemas for every credential. */
export function secret(description: string) {
  return z
    .union([
      z.strictObject({ env: z.string().min(1).describe('Environment variable holding the secret') }),
      z.strictObject({ keychain: z.string().min(1).describe('OS keychain entry (service glueflow)') }),
      // Anything else — a string, a number, a list, a reference with a `default:` beside it — is
      // refused with an issue whose `input` is a placeholder: the value must never be echoed back.
      z.unknown().transform((value, ctx) => {
        ctx.addIssue({
          code: 'custom',
          message: secretShapeMessage(value),
          input: HIDDEN_INPUT,
          params: { secret: true, expected: SECRET_EXPECTED, hint: LITERAL_SECRET_HINT },
        });
        return z.NEVER;
      }),
    ])
    .describe(`${description} (secret: { env: NAME } or { keychain: NAME })`);
}

export { isSecretKey };

export interface SecretSources {
  env: Record<string, string | undefined>;
  /** Reads `glueflow`/<name> from the OS keychain; undefined when absent or no backend. */
  keychain?: (name: string) => string | undefined;
  /**
   * Told every value resolved, from either source, before the caller sees it: the runtime
   * registers it (and the forms derived from it) with the redactor of logs and output.
   */
  onResolved?: (value: string) => void;
}

/** Resolves a reference at run time; the error names the reference, never a value. */
export function resolveSecret(ref: SecretRef, sources: SecretSources): string {
  const value = 'env' in ref ? sources.env[ref.env] : sources.keychain?.(ref.keychain);
  if (!value) {
    throw 'env' in ref
      ? createError('ECONFIG_SECRET_MISSING', { source: 'env', name: ref.env })
      : createError('ECONFIG_SECRET_MISSING', { source: 'keychain', name: ref.keychain });
  }
  sources.onResolved?.(value);
  return value;
}

/** `{ keychain: NAME }` step secrets from the OS keychain (service `glueflow`), if one exists here. */
export async function osSecretKeychain(): Promise<SecretSources['keychain']> {
  try {
    const { Entry } = await import('@napi-rs/keyring');
    return (name) => {
      try {
        return new Entry(KEYCHAIN_SERVICE, name).getPassword() ?? undefined;
      } catch {
        return undefined; // no backend (headless Linux) or no entry: resolveSecret says which
      }
    };
  } catch {
    return undefined;
  }
}
