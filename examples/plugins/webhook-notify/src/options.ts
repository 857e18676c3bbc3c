/** The plugin's options: one schema, a description and a default on every key. */
import { secret } from '@glueflow/core';
import { z } from 'zod';
import { endpointProblem } from './endpoint.js';

/** The hooks this plugin can forward; `events` picks among them. */
export const FORWARDED_HOOKS = ['onPasswordRotated', 'onDocumentCreated', 'onOrganizationUpdated'] as const;
export type ForwardedHook = (typeof FORWARDED_HOOKS)[number];

export const optionsSchema = z.strictObject({
  url: z
    .string()
    .superRefine((value, ctx) => {
      const problem = endpointProblem(value);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          message: `endpoint URL: ${problem}`,
          params: {
            expected: 'https://… (http:// only to 127.0.0.1, ::1 or localhost)',
            hint: 'events leave this machine: use TLS for any remote receiver',
          },
        });
      }
    })
    .describe('Endpoint receiving the events as JSON POSTs: https://…, or http:// to a loopback host only'),
  secret: secret(
    'HMAC-SHA256 key; each request carries X-Glueflow-Timestamp and X-Glueflow-Signature: sha256=<hex of "<timestamp>.<body>">',
  ),
  events: z
    .array(z.enum(FORWARDED_HOOKS))
    .min(1)
    .default([...FORWARDED_HOOKS])
    .describe('Which hooks to forward; default all three'),
  retries: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(5)
    .describe('Retries after a failed attempt (network error, timeout, 408, 429, 5xx); default 5'),
  backoffMs: z
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(500)
    .describe('Upper bound of the first retry delay in ms, doubled per retry (full jitter); default 500'),
  maxBackoffMs: z
    .number()
    .int()
    .min(0)
    .max(300_000)
    .default(30_000)
    .describe('Longest single wait in ms, also for a Retry-After header; default 30000'),
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(120_000)
    .default(10_000)
    .describe('Time limit of one attempt in ms; default 10000'),
});

export type WebhookOptions = z.output<typeof optionsSchema>;
