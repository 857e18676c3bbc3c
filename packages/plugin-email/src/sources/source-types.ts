/** The contract every mail source (directory, IMAP, Graph) fulfils for the import step. */

export interface RawMessage {
  /** Where it came from, for messages and reports: a file path, `box.mbox#3`, `imap:INBOX/812`, `graph:<id>`. */
  where: string;
  /** The whole RFC 5322 message (empty when `error` is set; released once parsed). */
  raw: Uint8Array;
  /** The message could not be fetched (it fails alone and is retried next run). */
  error?: Error;
  /**
   * The message is over the byte limit and was not read (`raw` is empty): its size in bytes, or the
   * bytes seen before reading stopped. It is skipped with a warning, not retried.
   */
  tooLarge?: number;
}

/** What became of a message: `settled` (imported, skipped or permanently bad) or `retry` next run. */
export type MessageOutcome = 'imported' | 'skipped' | 'failed-permanently' | 'retry';

export interface MailSource {
  /** Names the source in logs and messages (never a secret). */
  readonly label: string;
  /** Messages not seen before (plus earlier ones to retry), one at a time: memory stays flat. */
  messages(signal: AbortSignal): AsyncIterable<RawMessage>;
  /** Records what became of a message (for after-import actions and the retry list). */
  settle(message: RawMessage, outcome: MessageOutcome): void;
  /** After every message was settled: apply after-import actions and save the cursor. Not in dry runs. */
  commit(): Promise<void>;
  /** Releases connections; safe to call more than once. */
  close(): Promise<void>;
}
