/**
 * The IT Glue client's part of the error catalogue: one entry per code, each a function from the
 * facts of one failure to its one-line message and its hint (the semantic-release
 * `lib/definitions/errors.js` pattern: the wording lives here, the code paths only pick a code).
 * Codes are a public contract: never rename one, add a new one.
 */

import { defineErrors } from './define-errors.js';
import type { ErrorText } from './define-errors.js';

const FORBIDDEN_CAUSES =
  'the usual causes: (1) a wrong or mistyped key; (2) a key revoked because it went unused for 90 days ' +
  '(create a new one under Account > Settings > API Keys); (3) a key of another region (EU/AU keys only ' +
  'work on api.eu.itglue.com / api.au.itglue.com: set ITGLUE_REGION or instance.region)';

/**
 * How to give the key, environment first: it works everywhere, also where no keychain exists
 * (headless Linux, containers, CI), where advice to use the keychain only sends a person in circles.
 */
function setKey(c: { keychainAvailable?: boolean; audience?: 'cli' | 'code' }): string {
  const ways = ['export ITGLUE_API_KEY=ITG.…'];
  if (c.keychainAvailable === false) {
    ways[0] +=
      " (this machine has no OS keychain: in cron, CI or a container take it from the scheduler's secret store)";
  } else ways.push('store it in the OS keychain with `glueflow auth set`');
  if (c.audience !== 'cli') ways.push('pass `apiKey` to createITGlueClient()');
  return ways.join(', or ');
}

function seconds(ms: number): string {
  return `${Math.max(0, Math.ceil(ms / 1000))} s`;
}

export const ITGLUE_ERRORS = {
  EITGLUE_AUTH: (c: { where: string }) => ({
    message: `IT Glue rejected the API key (401) on ${c.where}`,
    hint: `check the key; ${FORBIDDEN_CAUSES}`,
  }),
  EITGLUE_FORBIDDEN: (c: { where: string; passwordValue?: boolean }) => ({
    message: `IT Glue refused ${c.where} (403 forbidden)`,
    hint: c.passwordValue
      ? 'reading a password value needs the key\'s "Password Access" checkbox; otherwise ' + FORBIDDEN_CAUSES
      : FORBIDDEN_CAUSES,
  }),
  EITGLUE_NOT_FOUND: (c: { where: string }) => ({
    message: `no such record: ${c.where} answered 404`,
    hint: 'the id may be wrong or the record was deleted; `get(id)` returns null instead of throwing',
  }),
  EITGLUE_NO_ROUTE: (c: { where: string }) => ({
    message: `IT Glue has no route ${c.where} (HTML 404 page)`,
    hint: 'the path or verb does not exist in the IT Glue API (e.g. single DELETE of an organization); check the resource reference',
  }),
  EITGLUE_VALIDATION: (c: { where: string; summary: string }) => ({
    message: `IT Glue rejected ${c.where}: ${c.summary}`,
    hint: 'see `details` for the fields (pointer) and reasons; PSA-synced records only accept a few fields',
  }),
  EITGLUE_BAD_REQUEST: (c: { where: string; status: number; summary: string }) => ({
    message: `IT Glue answered ${c.status} to ${c.where}: ${c.summary}`,
    hint: 'the request itself is wrong (method, content type or parameters); see `details`',
  }),
  EITGLUE_TOO_LARGE: (c: { where: string; bytes?: number; limitBytes: number }) => ({
    message:
      c.bytes === undefined
        ? `${c.where} is over IT Glue's request limit of ${mb(c.limitBytes)}`
        : `${c.where} would send ${mb(c.bytes)}, over IT Glue's request limit of ${mb(c.limitBytes)}`,
    hint: 'base64 adds a third to a file: keep uploads under about 7.5 MB, and split bulk writes',
  }),
  EITGLUE_RATE_LIMITED: (c: { where: string; retryAfterMs?: number }) => ({
    message:
      c.retryAfterMs === undefined
        ? `IT Glue rate limit hit (429) on ${c.where}, retries exhausted`
        : `IT Glue rate limit hit (429) on ${c.where}, retry after ${seconds(c.retryAfterMs)}`,
    hint: 'another tool may share the key; lower rateLimit.requests, or run fewer jobs at once',
  }),
  EITGLUE_SERVER: (c: { where: string; status: number; summary: string }) => ({
    message: `IT Glue failed ${c.where} with ${c.status}: ${c.summary}`,
    hint:
      c.status === 504
        ? 'the request took too long at IT Glue: ask for smaller pages or fewer records at once'
        : 'a server-side problem at IT Glue; it was retried; try again later or check status.itglue.com',
  }),
  EITGLUE_NETWORK: (c: { where: string; reason: string }) => ({
    message: `network error on ${c.where}: ${c.reason}`,
    hint: 'check the connection, proxy and DNS, and that the base URL (region) is right',
  }),
  EITGLUE_TIMEOUT: (c: { where: string; phase: 'connect' | 'response'; ms: number }) => ({
    message: `${c.where} timed out after ${c.ms} ms waiting to ${c.phase === 'connect' ? 'connect' : 'get an answer'}`,
    hint:
      c.phase === 'connect'
        ? 'the host did not accept the connection: check network, proxy and region; raise timeouts.connectMs if the link is slow'
        : 'IT Glue was slow: ask for smaller pages, or raise timeouts.responseMs',
  }),
  EITGLUE_CIRCUIT_OPEN: (c: { failures: number; retryInMs: number }) => ({
    message: `IT Glue calls are paused after ${c.failures} consecutive failures (circuit open); next probe in ${seconds(c.retryInMs)}`,
    hint: 'IT Glue or the network is failing; reads may use the cache meanwhile; see the earlier errors for the cause',
  }),
  EITGLUE_AMBIGUOUS_WRITE: (c: { where: string; reason: string }) => ({
    message: `${c.where} may or may not have been applied: ${c.reason}`,
    hint: 'not retried automatically because a retry could create a duplicate: look the record up first (the engine journal does this)',
  }),
  EITGLUE_BAD_RESPONSE: (c: { where: string; problem: string }) => ({
    message: `IT Glue sent an unexpected answer to ${c.where}: ${c.problem}`,
    hint: 'the API may have changed or a proxy rewrote the answer; please report it with the request id',
  }),
  EITGLUE_INSECURE_URL: (c: { url: string }) => ({
    message: `refusing plain http for ${c.url}: the API key would travel unencrypted`,
    hint: 'use https://; plain http is allowed only on loopback (127.0.0.1, ::1, localhost), e.g. for the emulator',
  }),
  EITGLUE_BAD_URL: (c: { url: string; reason: string }) => ({
    message: `invalid IT Glue URL ${JSON.stringify(c.url)}: ${c.reason}`,
    hint: 'set region (us, eu, au) or a full base URL such as https://api.eu.itglue.com',
  }),
  EITGLUE_BAD_REGION: (c: { region: string; source: string }) => ({
    message: `unknown IT Glue region ${JSON.stringify(c.region)} (from ${c.source})`,
    hint: 'use us, eu or au (the region of your IT Glue account: app.eu.itglue.com → eu), or set a url',
  }),
  EITGLUE_NO_API_KEY: (c: {
    instance: string;
    keychain: string;
    keychainAvailable?: boolean;
    audience?: 'cli' | 'code';
  }) => ({
    message: `no IT Glue API key for instance "${c.instance}" (${c.keychain})`,
    hint: setKey(c),
  }),
  EITGLUE_INVALID_ARGUMENT: (c: { what: string; expected: string }) => ({
    message: `${c.what}: expected ${c.expected}`,
    hint: 'fix the call; nothing was sent to IT Glue',
  }),
  EITGLUE_INVALID_TRAITS: (c: { type: string; unknown: string[]; known: string[] }) => ({
    message: `unknown trait key${c.unknown.length === 1 ? '' : 's'} for flexible asset type ${c.type}: ${c.unknown.join(', ')}`,
    hint: `trait keys are the fields' name-keys: ${c.known.join(', ') || '(the type has no fields)'}; nothing was sent`,
  }),
  EITGLUE_ABORTED: (c: { where: string }) => ({
    message: `${c.where} was cancelled`,
    hint: 'the caller aborted the request (signal); nothing to fix',
  }),
  EITGLUE_CLOSED: (c: { where: string }) => ({
    message: `the IT Glue client is closed; cannot run ${c.where}`,
    hint: 'create a new client with createITGlueClient()',
  }),
  EBUDGET_STORE: (c: { file: string; reason: string }) => ({
    message: `rate budget store ${c.file} failed: ${c.reason}`,
    hint: 'check that GLUEFLOW_HOME is writable by this user and not on a network share',
  }),
  // The home folder's safety rule (home.ts): the budget file lives there, as do core's cache and state.
  ECACHE_UNSAFE_HOME: (c: { folder: string; reason: string }) => ({
    message: `refusing to keep glueflow's cache and state in ${c.folder}: ${c.reason}`,
    hint:
      'other users could plant or swap the SQLite files there; set GLUEFLOW_HOME to a folder of your own ' +
      '(glueflow creates a missing one with mode 0700), or leave it unset for ~/.cache/glueflow',
  }),
} satisfies Record<string, (context: never) => ErrorText>;

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The client's catalogue: `createError('EITGLUE_…', facts)` throughout this package. */
export const itglueErrors = defineErrors(ITGLUE_ERRORS);
export const createError = itglueErrors.create;
