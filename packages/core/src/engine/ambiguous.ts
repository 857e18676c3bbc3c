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
