/**
 * Turns whatever a call failed with into a catalogued GlueflowError. The HTTP status picks the code;
 * the body (any of IT Glue's shapes) gives the summary and details; a POST that failed after it may
 * have reached IT Glue becomes EITGLUE_AMBIGUOUS_WRITE so nobody retries it blindly.
 */
import { AxiosError } from 'axios';
import { createError, isGlueflowError, parseErrorBody } from './errors/index.js';
import type { GlueflowError } from './errors/index.js';
import { Redactor } from './redaction/index.js';
import { CONNECT_TIMEOUT_CODE } from './agents.js';
import { NEVER_REACHED_CODES, RESPONSE_TIMEOUT_CODES, isCancel, retryAfterMs } from './retry-policy.js';

export interface FailureContext {
  method: string;
  /** Path without the query, e.g. /organizations/12 */
  path: string;
  requestId: string;
  connectMs: number;
  responseMs: number;
  now: number;
  /** The call asked for a password value (a 403 then often means no Password Access). */
  passwordValue?: boolean;
}

export function toGlueflowError(error: unknown, context: FailureContext): GlueflowError {
  if (isGlueflowError(error)) return error;
  const where = `${context.method} ${context.path}`;
  const extras = { requestId: context.requestId, where, cause: safeCause(error) };
  if (!(error instanceof AxiosError)) {
    // By name, not instanceof: an AbortSignal's DOMException may come from another realm.
    if ((error as { name?: unknown } | null)?.name === 'AbortError') {
      return createError('EITGLUE_ABORTED', { where }, extras);
    }
    return createError(
      'EITGLUE_NETWORK',
      { where, reason: error instanceof Error ? error.message : String(error) },
      extras,
    );
  }
  if (isCancel(error)) return createError('EITGLUE_ABORTED', { where }, extras);
  const response = error.response;
  const isPost = context.method === 'POST';
  if (!response) {
    const code = error.code ?? 'unknown';
    if (code === CONNECT_TIMEOUT_CODE) {
      return createError('EITGLUE_TIMEOUT', { where, phase: 'connect', ms: context.connectMs }, extras);
    }
    if (isPost && !NEVER_REACHED_CODES.has(code)) {
      const reason = RESPONSE_TIMEOUT_CODES.has(code)
        ? `no answer within ${context.responseMs} ms`
        : `connection failed after the request was sent (${code})`;
      return createError('EITGLUE_AMBIGUOUS_WRITE', { where, reason }, extras);
    }
    if (RESPONSE_TIMEOUT_CODES.has(code)) {
      return createError('EITGLUE_TIMEOUT', { where, phase: 'response', ms: context.responseMs }, extras);
    }
    return createError('EITGLUE_NETWORK', { where, reason: `${code}: ${error.message}` }, extras);
  }
  const status = response.status;
  const contentType = String(response.headers['content-type'] ?? '');
  const parsed = parseErrorBody(response.data, contentType);
  const http = { ...extras, status, details: parsed.details };
  switch (true) {
    case status === 401:
      return createError('EITGLUE_AUTH', { where }, http);
    case status === 403:
      return createError('EITGLUE_FORBIDDEN', { where, passwordValue: context.passwordValue ?? false }, http);
    case status === 404:
      return parsed.kind === 'html' || parsed.kind === 'empty'
        ? createError('EITGLUE_NO_ROUTE', { where }, http)
        : createError('EITGLUE_NOT_FOUND', { where }, http);
    case status === 413:
      return createError('EITGLUE_TOO_LARGE', { where, limitBytes: 10 * 1024 * 1024 }, http);
    case status === 429: {
      const wait = retryAfterMs(response.headers as Record<string, unknown>, context.now);
      return createError(
        'EITGLUE_RATE_LIMITED',
        wait === undefined ? { where } : { where, retryAfterMs: wait },
        http,
      );
    }
    case status === 400 || status === 422:
      return createError('EITGLUE_VALIDATION', { where, summary: parsed.summary }, http);
    case status >= 500 && isPost:
      return createError(
        'EITGLUE_AMBIGUOUS_WRITE',
        { where, reason: `IT Glue answered ${status} (${parsed.summary})` },
        http,
      );
    case status >= 500:
      return createError('EITGLUE_SERVER', { where, status, summary: parsed.summary }, http);
    default:
      return createError('EITGLUE_BAD_REQUEST', { where, status, summary: parsed.summary }, http);
  }
}

/**
 * An AxiosError holds the request config — headers with the API key, bodies with password values —
 * and Node prints a `cause` in full when an error goes uncaught. So the cause kept on a
 * GlueflowError is a bare copy: name, code, message and status, nothing else.
 */
function safeCause(error: unknown): unknown {
  if (!(error instanceof AxiosError)) return error;
  const copy = new Error(redactor.string(error.message));
  copy.name = 'AxiosError';
  return Object.assign(copy, {
    ...(error.code ? { code: error.code } : {}),
    ...(error.response ? { status: error.response.status } : {}),
  });
}

const redactor = new Redactor();

/** Codes that say something about IT Glue's health: they count towards opening the circuit. */
export const BREAKER_FAILURE_CODES = new Set([
  'EITGLUE_SERVER',
  'EITGLUE_NETWORK',
  'EITGLUE_TIMEOUT',
  'EITGLUE_AMBIGUOUS_WRITE',
  'EITGLUE_BAD_RESPONSE',
]);
