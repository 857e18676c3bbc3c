/** A mistake in how the emulator was started or configured (bad option, bad fault spec, bad flag). */
export class EmulatorUsageError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, hint?: string) {
    super(message);
    this.name = 'EmulatorUsageError';
    this.code = code;
    this.hint = hint;
  }
}
