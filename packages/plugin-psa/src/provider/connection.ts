/** Schema pieces every provider's `connection:` shares: secure URLs and HTTP tuning. */
import { isLoopbackHost } from '@glueflow/core';
import { z } from 'zod';

/** True for https URLs, and http ones only to this machine (fake servers, local proxies). */
export function isSecureUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

/** A URL option: https, or http only to a loopback host. */
export function secureUrl(description: string) {
  return z
    .string()
    .refine((value) => URL.canParse(value), { message: 'not a URL' })
    .refine(isSecureUrl, {
      message: 'http:// is only allowed to 127.0.0.1/localhost; use https://',
    })
    .describe(description);
}

export const httpTuningSchema = z
  .strictObject({
    retries: z
      .number()
      .int()
      .min(0)
      .max(10)
      .optional()
      .describe('Retries on 429, 5xx and network errors (default 4)'),
    timeoutMs: z.number().int().min(1000).optional().describe('Per-request timeout in ms (default 30000)'),
    maxRetryAfterSeconds: z
      .number()
      .min(0)
      .optional()
      .describe('Longest Retry-After the sync waits for before failing (default 120)'),
  })
  .optional()
  .describe('HTTP tuning: retries, timeout, longest Retry-After to honour');
