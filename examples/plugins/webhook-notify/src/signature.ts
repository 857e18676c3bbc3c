/**
 * The request signature, with replay protection (as Stripe and Slack do it): each request carries
 * `X-Glueflow-Timestamp: <unix seconds>` and `X-Glueflow-Signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<raw body>">`. A receiver checks the signature and refuses a timestamp more than five
 * minutes away from its clock, so a captured request cannot be replayed later. `verifySignature` is
 * exported for receivers written in JavaScript.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-glueflow-signature';
export const TIMESTAMP_HEADER = 'x-glueflow-timestamp';
/** How far a receiver accepts a timestamp from its own clock, by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function sign(body: string, secret: string, timestamp: number): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export interface VerifyOptions {
  /** Seconds; default 300. */
  toleranceSeconds?: number;
  /** Epoch ms; default Date.now(). */
  now?: number;
}

/** Constant-time check of the received headers against the raw body; false when stale or forged. */
export function verifySignature(
  body: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  secret: string,
  options: VerifyOptions = {},
): boolean {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  const seconds = Number(timestamp);
  const now = (options.now ?? Date.now()) / 1000;
  if (Math.abs(now - seconds) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(sign(body, secret, seconds));
  const received = Buffer.from(signature);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
