/**
 * This plugin's error codes, one table (after core's catalogue): each a one-line message and a hint.
 * Errors are core's GlueflowError so the CLI prints them the same way (code, message, hint, where).
 */
import { GlueflowError } from '@glueflow/core';

export const PSA_ERROR_CODES = {
  /** The PSA refused the credentials (401) or the permission (403). */
  EPSA_AUTH: 'EPSA_AUTH',
  /** The PSA answered something else than success after the retries. */
  EPSA_HTTP: 'EPSA_HTTP',
  /** The PSA could not be reached (DNS, refused, reset, timeout) after the retries. */
  EPSA_NETWORK: 'EPSA_NETWORK',
  /** The PSA answered 429 with a Retry-After longer than we are willing to wait. */
  EPSA_RATE_LIMITED: 'EPSA_RATE_LIMITED',
  /** The PSA answered a shape we do not understand. */
  EPSA_RESPONSE: 'EPSA_RESPONSE',
  /** `provider:` names no registered provider. */
  EPSA_UNKNOWN_PROVIDER: 'EPSA_UNKNOWN_PROVIDER',
  /** Two providers registered under one name. */
  EPSA_DUPLICATE_PROVIDER: 'EPSA_DUPLICATE_PROVIDER',
  /** `connection:` does not fit the provider (missing key, literal secret, http:// to a remote host). */
  EPSA_CONNECTION: 'EPSA_CONNECTION',
  /** An option names something IT Glue does not have (an organization type or status), or is missing. */
  EPSA_CONFIG: 'EPSA_CONFIG',
  /** A source file is missing or unreadable. */
  EPSA_FILE: 'EPSA_FILE',
  /** One CSV/JSON row is unusable (no id, no name …): reported per row. */
  EPSA_ROW: 'EPSA_ROW',
  /** Two PSA companies share a normalised name, or two claim one organization. */
  EPSA_CONFLICT: 'EPSA_CONFLICT',
  /** The review file is not valid JSON or not in the expected shape. */
  EPSA_REVIEW_FILE: 'EPSA_REVIEW_FILE',
} as const;

export type PsaErrorCode = keyof typeof PSA_ERROR_CODES;

export function psaError(
  code: PsaErrorCode,
  message: string,
  hint: string,
  extras: { where?: string; status?: number } = {},
): GlueflowError {
  return new GlueflowError({ code, message, hint, ...extras });
}
