/**
 * An error catalogue as data (semantic-release's `lib/definitions/errors.js`): one entry per code, a
 * function from the facts of one failure to its one-line message and its hint. The code paths only
 * pick a code and give the facts; the wording lives in the table, where `glueflow` documents and tests
 * every code from. The client, core and every plugin define theirs with this one function.
 *
 * Codes are a public contract: never rename one, add a new one.
 */
import { GlueflowError } from './glueflow-error.js';
import type { ErrorDetail } from './glueflow-error.js';

export interface ErrorText {
  message: string;
  hint: string;
}

/** One catalogue entry. `never` lets each entry declare its own context type. */
export type ErrorDefinition = (context: never) => ErrorText;

export type ErrorDefinitions = Record<string, ErrorDefinition>;

/** What an error may carry besides its wording. */
export interface ErrorExtras {
  details?: ErrorDetail[];
  /** Where it happened; defaults to the context's `where` when it has one. */
  where?: string;
  status?: number;
  requestId?: string;
  cause?: unknown;
}

export interface ErrorCatalogue<T extends ErrorDefinitions> {
  /** The table itself (docs and tests walk it). */
  readonly definitions: T;
  /** Every code of the table. */
  readonly codes: readonly (keyof T & string)[];
  /** Builds the error for `code` from the table's wording; `context` is typed per code. */
  create<C extends keyof T & string>(
    code: C,
    context: Parameters<T[C]>[0],
    extras?: ErrorExtras,
  ): GlueflowError;
  /** Whether `error` is one of this table's errors (of `code`, when given). */
  is(error: unknown, code?: keyof T & string): error is GlueflowError;
}

const CODE = /^E[A-Z][A-Z0-9_]*$/;

export function defineErrors<const T extends ErrorDefinitions>(definitions: T): ErrorCatalogue<T> {
  const codes = Object.keys(definitions) as (keyof T & string)[];
  for (const code of codes) {
    // A typo'd code would be a public contract from its first release: refuse it when the table loads.
    if (!CODE.test(code))
      throw new TypeError(`error code ${JSON.stringify(code)} must look like EUPPER_CASE`);
  }
  const known = new Set<string>(codes);
  return {
    definitions,
    codes,
    create: (code, context, extras = {}) => {
      const define = definitions[code] as unknown as (context: unknown) => ErrorText;
      const { message, hint } = define(context);
      const where = extras.where ?? (context as { where?: unknown } | undefined)?.where;
      return new GlueflowError({
        code,
        message,
        hint,
        ...extras,
        ...(typeof where === 'string' ? { where } : {}),
      });
    },
    is: (error: unknown, code?: string): error is GlueflowError =>
      error instanceof GlueflowError && known.has(error.code) && (code === undefined || error.code === code),
  };
}
