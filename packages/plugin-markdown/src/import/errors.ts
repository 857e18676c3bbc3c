/**
 * The plugin's error catalogue: every problem a user can meet has a stable code, a one-line message
 * naming the file (and line when known) and a hint saying what to do. They are GlueflowErrors, so the
 * engine and the CLI print them like core's own.
 */
import { GlueflowError } from '@glueflow/core';

export type MarkdownErrorCode =
  | 'EMARKDOWN_ENCODING'
  | 'EMARKDOWN_UNKNOWN_ORGANIZATION'
  | 'EMARKDOWN_NO_ORGANIZATION'
  | 'EMARKDOWN_TRAITS'
  | 'EMARKDOWN_DUPLICATE_ID'
  | 'EMARKDOWN_UNSAFE_PATH'
  | 'EMARKDOWN_TITLE'
  | 'EMARKDOWN_TYPE_FIELDS';

/** A per-file problem: `item` is the file (relative to the config), `place` a `line:column` when known. */
export class MarkdownImportError extends GlueflowError {
  constructor(
    code: MarkdownErrorCode,
    message: string,
    hint: string,
    readonly item?: string,
    readonly place?: string,
    /** What a value should have been and what it was (trait checks), for the item's message. */
    readonly expected?: string,
    readonly actual?: string,
  ) {
    super({ code, message, hint, ...(item ? { where: place ? `${item}:${place}` : item } : {}) });
    this.name = 'MarkdownImportError';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
