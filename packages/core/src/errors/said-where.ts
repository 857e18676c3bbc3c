/**
 * A catalogue entry for a code whose one line is said where it happens (a PSA's answer, a file's row):
 * the table keeps what the code means and its usual fix, so docs list every code and a call site only
 * adds the sharper wording it has. Called without `reason` (the docs), it says what the code means.
 */
import type { ErrorText } from '@glueflow/itglue';

export interface SaidWhere {
  reason?: string;
  hint?: string;
}

export const saidWhere =
  (summary: string, fix: string) =>
  (c: SaidWhere): ErrorText => ({ message: c.reason ?? summary, hint: c.hint ?? fix });
