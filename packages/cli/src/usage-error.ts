/** An expected failure of the CLI itself, printed as `✗ CODE message` with its hint (exit 1). */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A wrong command line (bad flag value, missing argument): printed with the hint, exit 64. */
export class UsageError extends CliError {
  constructor(message: string, hint = 'see `glueflow <command> --help`') {
    super('EUSAGE', message, hint);
    this.name = 'UsageError';
  }
}

/** A file the user named could not be written (plan, config): names it and the system's reason. */
export function writeFailed(what: string, file: string, error: unknown): CliError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new CliError(
    'EWRITE',
    `cannot write ${what} ${file} (${reason})`,
    'check that the folder exists and is writable',
  );
}
