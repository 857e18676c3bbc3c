/**
 * This plugin's error catalogue (core's `defineErrors()`, like core's own): every code the plugin
 * throws or reports, each with the fix `glueflow` documents (docs/plugins/psa.md) when the call site
 * gives none. An unlisted code is a type error for `psaErrors.create`, and a test greps the sources for
 * codes reported as messages. Errors are core's GlueflowError, printed like core's (code, message, hint, where).
 */
import { defineErrors, saidWhere } from '@glueflow/core';
import type { GlueflowError } from '@glueflow/core';

export const psaErrors = defineErrors({
  EPSA_AUTH: saidWhere(
    'The PSA refused the credentials (401) or the permission (403).',
    'check the credentials of `connection:` and the API user’s permissions in the PSA',
  ),
  EPSA_HTTP: saidWhere(
    'The PSA answered something else than success after the retries.',
    'check the connection URL (it must end at the API base, see the provider table)',
  ),
  EPSA_NETWORK: saidWhere(
    'The PSA could not be reached (DNS, refused, reset, timeout) after the retries.',
    'check the connection URL, DNS and firewall; the request was retried',
  ),
  EPSA_RATE_LIMITED: saidWhere(
    'The PSA answered 429 with a Retry-After longer than we are willing to wait.',
    'run again later, or raise connection.http.maxRetryAfterSeconds',
  ),
  EPSA_RESPONSE: saidWhere(
    'The PSA answered a shape we do not understand.',
    'check that the connection URL is the API base of the provider (see the README)',
  ),
  EPSA_UNKNOWN_PROVIDER: saidWhere(
    '`provider:` names no registered provider.',
    'use a built-in provider, or add the plugin that provides it',
  ),
  EPSA_DUPLICATE_PROVIDER: saidWhere(
    'Two providers registered under one name.',
    'rename one, or pass { replace: true } to registry.add',
  ),
  EPSA_CONNECTION: saidWhere(
    '`connection:` does not fit the provider (missing key, literal secret, http:// to a remote host).',
    'see the provider table in the @glueflow/plugin-psa README; secrets are { env: NAME } or { keychain: NAME }',
  ),
  EPSA_CONFIG: saidWhere(
    'An option names something IT Glue does not have (an organization type or status), or is missing.',
    'create the value in IT Glue (Account → Customization), or change the option',
  ),
  EPSA_FILE: saidWhere(
    'A source file is missing or unreadable.',
    'check the file option (relative paths start at the config file’s folder)',
  ),
  EPSA_ROW: saidWhere(
    'One CSV/JSON row is unusable (no id, no name …): reported per row.',
    'fix the row in the file; the other rows were synced',
  ),
  EPSA_CONFLICT: saidWhere(
    'Two PSA companies share a normalised name, or two claim one organization.',
    'tell the companies apart in the PSA (names or identifiers), or map one by hand in the review file',
  ),
  EPSA_REVIEW: saidWhere(
    'A company looks like an organization by its normalised name only: a person decides.',
    'set "decision" to "confirm" or "reject" in the review file; the next run honours it',
  ),
  EPSA_LOCKED: saidWhere(
    'The organization is synced by IT Glue’s own PSA integration: those fields are not sent.',
    'change those fields in the PSA (IT Glue’s sync copies them), or turn IT Glue’s PSA sync off for this organization',
  ),
  EPSA_REVIEW_FILE: saidWhere(
    'The review file is not valid JSON or not in the expected shape.',
    'fix the review file, or delete it: the next run writes a fresh one',
  ),
  EPSA_PUSH_SIGNATURE: saidWhere(
    'A webhook delivery under glueflow serve was refused: no valid HubSpot v3 signature, a stale timestamp, or a wrong ConnectWise callback token. Nothing ran.',
    'check push.hubspot.appSecret (the HubSpot app’s client secret), serve.publicUrl (HubSpot signs the URL it calls) and the clocks; for ConnectWise, the token in the callback URL',
  ),
  EPSA_PUSH_PAYLOAD: saidWhere(
    'A signed webhook delivery had no usable company event (unknown shape): it was answered 202 and ignored.',
    'nothing to do if it repeats rarely; the scheduled sync stays the safety net. Check the webhook subscriptions (company.* events)',
  ),
  EPSA_PUSH_CONFIG: saidWhere(
    'Push is configured but cannot work: serve.publicUrl is not set (HubSpot) or a callback token is too short (ConnectWise).',
    'set serve.publicUrl to the https URL HubSpot calls, and use a random callback token of at least 32 characters',
  ),
});

export type PsaErrorCode = (typeof psaErrors.codes)[number];

export function psaError(
  code: PsaErrorCode,
  message: string,
  hint: string,
  extras: { where?: string; status?: number } = {},
): GlueflowError {
  return psaErrors.create(code, { reason: message, hint }, extras);
}
