export { createLogger, registerSecret, redactorOf } from './logger.js';
export type { CreateLoggerOptions, Logger, LogLevel } from './logger.js';
export { Redactor, redact, isSecretKey, REDACTED } from './redact.js';
export type { RedactorOptions } from './redact.js';
export { serializeError } from './serialize-error.js';
