export { Redactor, redact, isSecretKey, REDACTED, base64Fragments, derivedSecretForms } from './redact.js';
export type { RedactorOptions } from './redact.js';
export { serializeError } from './serialize-error.js';
export { attachRedactor, registerSecret, redactorOf } from './logger-secrets.js';
