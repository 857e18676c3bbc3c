/**
 * The process exit codes of `glueflow`, named once (stylelint's habit; 64 and 78 are sysexits.h's
 * EX_USAGE and EX_CONFIG) so scripts and cron wrappers can tell the cases apart.
 */
export const EXIT = {
  /** Everything worked. */
  ok: 0,
  /** Nothing useful happened: IT Glue unreachable, key rejected, a bug, an unhealthy instance. */
  fatal: 1,
  /** The run finished but some items failed (see the messages). */
  itemsFailed: 2,
  /** The command line is wrong: unknown command or option, missing argument. */
  usage: 64,
  /** The configuration is wrong: every problem is listed with file and key path. */
  config: 78,
  /** Stopped by Ctrl-C (SIGINT, 128 + 2): what was done is kept; the next run resumes. */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15), e.g. systemd or a container stopping. */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
