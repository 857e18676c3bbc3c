/**
 * This plugin's error codes, one table: each a one-line message and a hint. They are core's
 * GlueflowError, so the engine reports a failed delivery like any other listener failure.
 */
import { GlueflowError } from '@glueflow/core';

export const WEBHOOK_ERROR_CODES = {
  /** The endpoint did not take the event after every retry, or refused it outright (4xx). */
  EWEBHOOK_DELIVERY: 'EWEBHOOK_DELIVERY',
} as const;

export type WebhookErrorCode = keyof typeof WEBHOOK_ERROR_CODES;

export function webhookError(
  code: WebhookErrorCode,
  message: string,
  hint: string,
  extra: { where?: string; status?: number; cause?: unknown } = {},
): GlueflowError {
  return new GlueflowError({ code, message, hint, ...extra });
}
