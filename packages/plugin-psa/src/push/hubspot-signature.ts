/**
 * HubSpot's request signature v3 (reference/integrations.md §A6, HubSpot "Validating requests"):
 * `X-HubSpot-Signature-v3` = base64(HMAC-SHA256(app client secret, method + uri + body + timestamp)) with
 * `X-HubSpot-Request-Timestamp` in ms. Only v3 is accepted: v1/v2 are plain SHA-256 hashes without a
 * timestamp (replayable forever), so a delivery carrying only those is refused.
 *
 * The URI is the one HubSpot called: the public https URL, not the loopback address serve listens on (a
 * reverse proxy sits in between). So it is rebuilt as `serve.publicUrl` + the path and query serve
 * received; HubSpot signs it with a few URL-encoded characters decoded (its table, below).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PluginRouteRequest } from '@glueflow/core';

/** HubSpot refuses to accept replays older than 5 minutes; so do we, and as far into the future (clock skew). */
export const MAX_SIGNATURE_AGE_MS = 5 * 60_000;

/** The characters HubSpot decodes in the URI before signing (its "Validating requests" table). */
const DECODED: Readonly<Record<string, string>> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

/** `publicUrl` (trailing slashes dropped) + path and query as received, decoded as HubSpot signs it. */
export function signedUri(publicUrl: string, requestUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${requestUrl}`.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (code) => DECODED[code.toUpperCase()]!,
  );
}

export type SignatureCheck =
  { ok: true; signature: Buffer; signedText: string } | { ok: false; reason: string };

/** Headers and timestamp: everything but the HMAC, which needs the secret of each candidate entry. */
export function readSignature(request: PluginRouteRequest, publicUrl: string, now: number): SignatureCheck {
  const header = request.headers['x-hubspot-signature-v3'];
  const stamp = request.headers['x-hubspot-request-timestamp'];
  if (!header) {
    return {
      ok: false,
      reason: request.headers['x-hubspot-signature']
        ? 'only a v1/v2 signature (not accepted: no timestamp, no HMAC)'
        : 'no X-HubSpot-Signature-v3 header',
    };
  }
  if (!stamp || !/^[0-9]{1,16}$/.test(stamp))
    return { ok: false, reason: 'no valid X-HubSpot-Request-Timestamp' };
  const age = now - Number(stamp);
  if (age > MAX_SIGNATURE_AGE_MS)
    return { ok: false, reason: 'timestamp older than 5 minutes (stale or replayed)' };
  if (-age > MAX_SIGNATURE_AGE_MS)
    return { ok: false, reason: 'timestamp more than 5 minutes in the future' };
  const signature = Buffer.from(header, 'base64');
  if (signature.length !== 32) return { ok: false, reason: 'signature is not a base64 SHA-256 HMAC' };
  const uri = signedUri(publicUrl, request.url);
  return { ok: true, signature, signedText: `${request.method}${uri}${request.rawBody}${stamp}` };
}

/** Constant time: both sides are 32-byte HMACs (readSignature checked the given one's length). */
export function signatureMatches(
  check: { signature: Buffer; signedText: string },
  appSecret: string,
): boolean {
  const expected = createHmac('sha256', appSecret).update(check.signedText, 'utf8').digest();
  return expected.length === check.signature.length && timingSafeEqual(expected, check.signature);
}
