/**
 * `POST /hooks/psa/connectwise/<token>`: ConnectWise Manage callbacks on Company records (reference §A6),
 * registered with `POST /system/callbacks` (docs/plugins/psa.md). ConnectWise's own payload signing
 * (`x-content-signature`, key fetched from a URL in the payload) is UNCONFIRMED, so the proof of origin
 * is a random token in the callback URL, compared in constant time with each entry's `push.connectwise.token`.
 * The payload (`Action`, `Type`, `ID`, `Entity` — the record as a JSON string) is only a hint: `Entity`
 * is never read; the company `ID` is synced by reading it again from ConnectWise. A `deleted` action
 * deletes nothing: the re-read decides, as the full sync would (mark-inactive only when configured).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PluginHost, PluginRoute, SecretRef } from '@glueflow/core';
import type { PluginOptions } from '../sync/options.js';
import { MIN_CALLBACK_TOKEN_LENGTH } from './push-options.js';
import { pushTargets, throttledNotes, triggerAll } from './push-targets.js';

const CW_ID = /^[1-9][0-9]{0,9}$/;
const ACTIONS = new Set(['added', 'updated', 'deleted']);

export function connectwiseRoute(
  host: PluginHost,
  defaults: PluginOptions,
  now: () => number = Date.now,
): PluginRoute {
  const refused = throttledNotes('ConnectWise callback refused', now);
  const ignored = throttledNotes('ConnectWise callback ignored', now);
  return {
    method: 'POST',
    path: 'connectwise/:token',
    bodyLimitBytes: 256 * 1024,
    handler(request, serve) {
      const given = request.params.token ?? '';
      const accepted = pushTargets(serve, defaults, 'connectwise').filter((t) => {
        const expected = host.secret(t.push.token as SecretRef);
        return expected.length >= MIN_CALLBACK_TOKEN_LENGTH && tokenMatches(given, expected);
      });
      if (accepted.length === 0) {
        refused(serve, 'EPSA_PUSH_SIGNATURE', 'the callback URL token matches no push.connectwise.token');
        return { status: 401, body: 'unknown callback' };
      }
      const id = companyIdOf(request.body);
      if (typeof id !== 'string') {
        ignored(serve, 'EPSA_PUSH_PAYLOAD', id.problem);
        return { status: 202, body: { triggered: 0 } };
      }
      return triggerAll(
        serve,
        accepted.map((t) => ({ pipeline: t.pipeline, index: t.index, ids: [id] })),
      );
    },
  };
}

/** The company id of a Company callback, or why there is none. */
export function companyIdOf(body: unknown): string | { problem: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { problem: 'not a ConnectWise callback object' };
  const b = body as Record<string, unknown>;
  const type = typeof b.Type === 'string' ? b.Type.toLowerCase() : undefined;
  if (type !== 'company') return { problem: `not a Company callback (Type ${type ?? 'missing'})` };
  const action = typeof b.Action === 'string' ? b.Action.toLowerCase() : undefined;
  if (!action || !ACTIONS.has(action)) return { problem: 'unknown Action' };
  const id = typeof b.ID === 'number' && Number.isSafeInteger(b.ID) ? String(b.ID) : b.ID;
  if (typeof id !== 'string' || !CW_ID.test(id)) return { problem: 'no usable company ID' };
  return id;
}

/** Constant time whatever the lengths: both sides are hashed first. */
function tokenMatches(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
