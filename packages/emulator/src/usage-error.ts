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

/** The emulator could not start where it was asked to (a port in use): the user's to fix, not a bug. */
export class EmulatorStartError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'EmulatorStartError';
  }
}
