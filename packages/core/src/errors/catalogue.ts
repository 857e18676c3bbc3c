/**
 * The one error catalogue of @glueflow/core: every code any part of core can throw, merged from
 * per-area tables. Add an area's table here (ECONFIG_*, EPLUGIN_*, ECACHE_* …) rather than creating
 * ad-hoc errors, so `glueflow` can document and test every code from one place.
 */
import { GlueflowError } from './glueflow-error.js';
import type { ErrorDetail } from './glueflow-error.js';
import { ITGLUE_ERRORS } from './itglue-errors.js';
import { CACHE_ERRORS } from './cache-errors.js';
import { ENGINE_ERRORS } from './engine-errors.js';
import type { ErrorText } from './itglue-errors.js';

export const ERROR_CATALOGUE = {
  ...ITGLUE_ERRORS,
  ...CACHE_ERRORS,
  ...ENGINE_ERRORS,
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export type ErrorContext<C extends ErrorCode> = Parameters<(typeof ERROR_CATALOGUE)[C]>[0];

export interface ErrorExtras {
  details?: ErrorDetail[];
  where?: string;
  status?: number;
  requestId?: string;
  cause?: unknown;
}

/** Builds the error for `code` from the catalogue's wording; `context` is typed per code. */
export function createError<C extends ErrorCode>(
  code: C,
  context: ErrorContext<C>,
  extras: ErrorExtras = {},
): GlueflowError {
  const define = ERROR_CATALOGUE[code] as (context: ErrorContext<C>) => ErrorText;
  const { message, hint } = define(context);
  const where = extras.where ?? (context as { where?: string }).where;
  return new GlueflowError({ code, message, hint, ...extras, ...(where === undefined ? {} : { where }) });
}
