/**
 * What the client needs of a logger, structurally: winston's, pino's (`pino().child(...)` takes the
 * message second, so wrap it), a console adapter or @glueflow/core's createLogger() all fit. The
 * client never imports a logging library, so an MSP script pays for none.
 */
export type LogMeta = Record<string, unknown>;

export interface ClientLogger {
  error(message: string, meta?: LogMeta): unknown;
  warn(message: string, meta?: LogMeta): unknown;
  info(message: string, meta?: LogMeta): unknown;
  debug(message: string, meta?: LogMeta): unknown;
  /** A logger adding `meta` to every line; when missing, the client merges it itself. */
  child?(meta: LogMeta): ClientLogger;
}

export type ClientLogLevel = 'error' | 'warn' | 'info' | 'debug';

const ignore = (): undefined => undefined;

/** The default: the client logs nothing unless given a logger. */
export const silentLogger: ClientLogger = { error: ignore, warn: ignore, info: ignore, debug: ignore };

/** `logger` with `meta` on every line, through its own `child` when it has one. */
export function childLogger(logger: ClientLogger, meta: LogMeta): ClientLogger {
  if (logger.child) return logger.child(meta);
  const withMeta =
    (level: ClientLogLevel) =>
    (message: string, more?: LogMeta): unknown =>
      logger[level](message, { ...meta, ...more });
  return {
    error: withMeta('error'),
    warn: withMeta('warn'),
    info: withMeta('info'),
    debug: withMeta('debug'),
    child: (more) => childLogger(logger, { ...meta, ...more }),
  };
}
