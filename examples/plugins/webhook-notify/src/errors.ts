/**
 * This plugin's error catalogue, built with core's `defineErrors()` like core's own: one code, its one
 * line said where the delivery failed, and the fix when that call site gives none. They are core's
 * GlueflowError, so the engine reports a failed delivery like any other listener failure.
 */
import { defineErrors } from '@glueflow/core';
import type { ErrorText, GlueflowError } from '@glueflow/core';

export const webhookErrors = defineErrors({
  EWEBHOOK_DELIVERY: (c: { reason?: string; hint?: string }): ErrorText => ({
    message:
      c.reason ?? 'The endpoint did not take the event after every retry, or refused it outright (4xx).',
    hint:
      c.hint ?? 'check that the receiver is up; `glueflow watch` delivers the event again on its next poll',
  }),
});

export type WebhookErrorCode = (typeof webhookErrors.codes)[number];

export function webhookError(
  code: WebhookErrorCode,
  message: string,
  hint: string,
  extra: { where?: string; status?: number; cause?: unknown } = {},
): GlueflowError {
  return webhookErrors.create(code, { reason: message, hint }, extra);
}
