/**
 * The one error catalogue of @glueflow/core: every code any part of core can throw, merged from
 * per-area tables with the client's (`ITGLUE_ERRORS`, from @glueflow/itglue). Add an area's table
 * here (ECONFIG_*, EPLUGIN_*, ECACHE_* …) rather than creating ad-hoc errors, so `glueflow` can
 * document and test every code from one place. Plugins build theirs with the same `defineErrors()`.
 */
import { ITGLUE_ERRORS, defineErrors } from '@glueflow/itglue';
import type { ErrorExtras, GlueflowError } from '@glueflow/itglue';
import { CACHE_ERRORS } from './cache-errors.js';
import { ENGINE_ERRORS } from './engine-errors.js';
import { SEARCH_ERRORS } from '../search/search-errors.js';

export const ERROR_CATALOGUE = {
  ...ITGLUE_ERRORS,
  ...CACHE_ERRORS,
  ...ENGINE_ERRORS,
  ...SEARCH_ERRORS,
} as const;

export const coreErrors = defineErrors(ERROR_CATALOGUE);

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export type ErrorContext<C extends ErrorCode> = Parameters<(typeof ERROR_CATALOGUE)[C]>[0];
export type { ErrorExtras };

/** Builds the error for `code` from the catalogue's wording; `context` is typed per code. */
export function createError<C extends ErrorCode>(
  code: C,
  context: ErrorContext<C>,
  extras: ErrorExtras = {},
): GlueflowError {
  return coreErrors.create(code, context, extras);
}
