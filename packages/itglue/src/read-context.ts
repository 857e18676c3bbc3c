/** What a reader knows about the answer it reads, and the one error an unusable answer becomes. */
import type { z } from 'zod';
import { createError } from './errors/index.js';
import type { OddAttribute } from './tolerant-reader.js';

/** What a reader knows about the answer it reads: for error messages and odd-attribute reports. */
export interface ReadContext {
  /** `GET /organizations`. */
  where: string;
  requestId?: string;
  status?: number;
  /** Told about every attribute set aside by the tolerant reader (see tolerant-reader.ts). */
  onOddAttribute?: (odd: OddAttribute) => void;
}

/** EITGLUE_BAD_RESPONSE for an answer that cannot be used: a schema complaint, or a problem in words. */
export function badResponse(
  context: ReadContext | string,
  error: z.ZodError | string,
  prefix: Array<string | number> = [],
) {
  const ctx = typeof context === 'string' ? { where: context } : context;
  return createError(
    'EITGLUE_BAD_RESPONSE',
    { where: ctx.where, problem: typeof error === 'string' ? error : describe(error, prefix) },
    {
      ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
      ...(ctx.status === undefined ? {} : { status: ctx.status }),
    },
  );
}

function describe(error: z.ZodError, prefix: Array<string | number>): string {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path ?? [])]
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
  const message = issue?.message.replace(/^Invalid input: /, '') ?? 'invalid';
  return `${path || 'body'}: ${message}`;
}
