/**
 * The one error class of @glueflow/core. Every failure a user can meet carries a stable `code`
 * (see catalogue.ts), a one-line `message`, a `hint` saying what to do, and — for IT Glue answers —
 * the JSON:API details the server sent. Expected errors are printed without a stack.
 */

/** One entry of a JSON:API `errors` array, normalised (pointer always a `/a/b` string when present). */
export interface ErrorDetail {
  /** The error's own status: a number as text ("422") or a Rails symbol ("unprocessable_entity"). */
  status?: string;
  title?: string;
  detail?: string;
  /** JSON pointer to the offending member, e.g. `/data/attributes/name`. */
  pointer?: string;
}

export interface GlueflowErrorInit {
  code: string;
  message: string;
  hint: string;
  details?: ErrorDetail[];
  /** Where it happened, e.g. `GET /organizations/12` or a config file and key path. */
  where?: string;
  /** HTTP status when the error is an IT Glue answer. */
  status?: number;
  /** The client's id for the logical request (also in the logs). */
  requestId?: string;
  cause?: unknown;
}

export class GlueflowError extends Error {
  readonly code: string;
  readonly hint: string;
  readonly details: ErrorDetail[];
  readonly where?: string;
  readonly status?: number;
  readonly requestId?: string;

  constructor(init: GlueflowErrorInit) {
    super(oneLine(init.message), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'GlueflowError';
    this.code = init.code;
    this.hint = init.hint;
    this.details = init.details ?? [];
    if (init.where !== undefined) this.where = init.where;
    if (init.status !== undefined) this.status = init.status;
    if (init.requestId !== undefined) this.requestId = init.requestId;
  }

  /** A safe, secret-free view for logs and `--json` output (no cause: it may hold request headers). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      hint: this.hint,
      ...(this.where === undefined ? {} : { where: this.where }),
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.requestId === undefined ? {} : { requestId: this.requestId }),
      ...(this.details.length === 0 ? {} : { details: this.details }),
    };
  }
}

export function isGlueflowError(error: unknown, code?: string): error is GlueflowError {
  return error instanceof GlueflowError && (code === undefined || error.code === code);
}

/** Messages are one line: the details carry the rest. */
function oneLine(text: string): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
