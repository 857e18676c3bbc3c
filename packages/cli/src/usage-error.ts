/** A wrong command line (bad flag value, missing argument): printed with the hint, exit 64. */
export class UsageError extends Error {
  readonly code = 'EUSAGE';
  constructor(
    message: string,
    readonly hint = 'see `glueflow <command> --help`',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
