/**
 * winston logger factory: JSON lines, one redaction step before the final format.
 * Order matters (integrations.md §D): errors() and splat() first so interpolated values exist,
 * then redaction on a clone, then json() which writes info[MESSAGE].
 */
import { Writable } from 'node:stream';
import winston from 'winston';
import { Redactor, attachRedactor } from '@glueflow/itglue';

const LEVEL = Symbol.for('level');
const SPLAT = Symbol.for('splat');
const MESSAGE = Symbol.for('message');
/** Log files hold request paths, names and ids: private to the user, like the cache. */
const LOG_FILE_MODE = 0o600;

export type LogLevel = 'error' | 'warn' | 'info' | 'http' | 'verbose' | 'debug' | 'silly';

export interface CreateLoggerOptions {
  /** Default `info`. */
  level?: LogLevel;
  /** Append JSON lines to this file. */
  file?: string;
  /** Write JSON lines to this stream (tests, the CLI's stderr). */
  stream?: Writable;
  /** Write to the console (stderr) when neither file nor stream is given. Default true. */
  console?: boolean;
  /** Discard everything (library default when the caller gives no logger). */
  silent?: boolean;
  /** Secret values masked wherever they appear (API keys, PSA credentials). */
  secrets?: Iterable<string>;
  /**
   * The redactor to use, shared with other output (the CLI passes the one its reports and `--json`
   * go through, so a secret registered once is masked everywhere). Default: a new one.
   */
  redactor?: Redactor;
  /** Fields on every line, e.g. `{ instance: 'prod' }`. */
  defaultMeta?: Record<string, unknown>;
}

export type Logger = winston.Logger;

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const redactor = options.redactor ?? new Redactor();
  for (const secret of options.secrets ?? []) redactor.addSecret(secret);
  const transports: winston.transport[] = [];
  if (options.file) {
    // Created 0600 (the mode applies only when the file is new; an existing file keeps its own).
    transports.push(
      new winston.transports.File({ filename: options.file, options: { flags: 'a', mode: LOG_FILE_MODE } }),
    );
  }
  if (options.stream) transports.push(new winston.transports.Stream({ stream: options.stream }));
  if (transports.length === 0 && options.console !== false && !options.silent) {
    transports.push(
      new winston.transports.Console({
        stderrLevels: ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'],
      }),
    );
  }
  if (transports.length === 0)
    transports.push(new winston.transports.Stream({ stream: nullStream(), silent: true }));
  const logger = winston.createLogger({
    level: options.level ?? 'info',
    silent: options.silent ?? false,
    defaultMeta: options.defaultMeta,
    format: winston.format.combine(
      winston.format.errors({ stack: true }),
      // Redact the splat arguments before splat() interpolates them (winston #1492), then the rest.
      redactSplat(redactor)(),
      winston.format.splat(),
      redactFormat(redactor)(),
      winston.format.timestamp(),
      winston.format.json(),
    ),
    transports,
  });
  attachRedactor(logger, redactor);
  return logger;
}

function redactSplat(redactor: Redactor) {
  return winston.format((info) => {
    const splat = info[SPLAT];
    if (splat !== undefined) Object.assign(info, { [SPLAT]: redactor.value(splat) });
    return info;
  });
}

function redactFormat(redactor: Redactor) {
  return winston.format((info) => {
    const plain = redactor.value({ ...info }) as Record<string, unknown>;
    const out = plain as winston.Logform.TransformableInfo;
    out.level = info.level;
    Object.assign(out, {
      [LEVEL]: info[LEVEL],
      ...(info[SPLAT] === undefined ? {} : { [SPLAT]: info[SPLAT] }),
      ...(typeof info[MESSAGE] === 'string' ? { [MESSAGE]: redactor.string(info[MESSAGE]) } : {}),
    });
    return out;
  });
}

function nullStream(): Writable {
  // A sink for silent loggers: winston warns when a logger has no transport at all.
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
