/** Errors after which a write may or may not have been applied by IT Glue (see the write gate). */
export const AMBIGUOUS_WRITE_CODES: ReadonlySet<string> = new Set([
  'EITGLUE_AMBIGUOUS_WRITE',
  'EITGLUE_TIMEOUT',
  'EITGLUE_NETWORK',
  'EITGLUE_SERVER',
]);

export function isAmbiguousWriteError(error: unknown): boolean {
  return AMBIGUOUS_WRITE_CODES.has((error as { code?: string } | null)?.code ?? '');
}

/**
 * The one way Glueflow sends a create: after an answer that leaves open whether IT Glue applied it
 * (timeout, reset, 502 after commit), `lookUp` asks IT Glue for the record before anything is sent
 * again — a second POST of an applied create is a duplicate. Any other error, or the last attempt's,
 * is thrown. Used by the write gate, flexible asset types and attachments.
 */
export async function createOnce<T>(
  send: () => Promise<T>,
  lookUp: () => Promise<T | null>,
  attempts: number,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!isAmbiguousWriteError(error) || attempt >= attempts) throw error;
      const found = await lookUp();
      if (found) return found;
    }
  }
}
