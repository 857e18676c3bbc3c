/**
 * A logger may carry a Redactor under one global symbol: the client registers the API key with it,
 * so the key is masked by value in every line that logger writes — and in all other output sharing
 * that redactor (core's createLogger() attaches the one its reports and `--json` go through). A
 * logger without one gets no value-based masking; the client's own key and pattern rules still apply
 * to what it logs.
 */
import { Redactor } from './redact.js';

const REDACTOR = Symbol.for('glueflow.redactor');

type WithRedactor = Record<symbol, Redactor | undefined>;

/** Makes `redactor` the one `registerSecret(logger, …)` feeds. */
export function attachRedactor(logger: object, redactor: Redactor): void {
  Object.defineProperty(logger, REDACTOR, { value: redactor, enumerable: false, configurable: true });
}

/**
 * Masks `value` — and its base64 (Basic credentials), percent-encoded and JSON-escaped forms — in
 * everything this logger writes from now on, and in all other output sharing its redactor.
 */
export function registerSecret(logger: object | undefined, value: string | undefined): void {
  (logger as WithRedactor | undefined)?.[REDACTOR]?.addSecret(value);
}

/** The redactor behind a logger (a fresh one when it has none). */
export function redactorOf(logger: object | undefined): Redactor {
  return (logger as WithRedactor | undefined)?.[REDACTOR] ?? new Redactor();
}
