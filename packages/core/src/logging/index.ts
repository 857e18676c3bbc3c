export { createLogger } from './logger.js';
export type { CreateLoggerOptions, Logger, LogLevel } from './logger.js';
// Redaction is the client's (@glueflow/itglue): one rule set for the client's logs and core's output.
export {
  Redactor,
  redact,
  isSecretKey,
  REDACTED,
  serializeError,
  registerSecret,
  redactorOf,
} from '@glueflow/itglue';
export type { RedactorOptions } from '@glueflow/itglue';
