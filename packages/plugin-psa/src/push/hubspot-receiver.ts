/**
 * `POST /hooks/psa/hubspot`: HubSpot app webhooks (reference §A6). A delivery is a JSON array of events
 * (`eventId`, `subscriptionType`, `objectId`, `portalId`, `occurredAt`, `attemptNumber`). It is checked
 * against the app secret of every `psa.sync-organizations` entry with `push.hubspot` (signature v3,
 * fresh timestamp); the entries whose secret signed it get a targeted run of the company ids named by
 * `company.*` events. The events are only a hint: the sync reads each company again from HubSpot.
 * Answers: 401 signature refused (nothing runs), 202 nothing usable in it (a warning), 200 triggered,
 * 503 serve busy (HubSpot retries — and its retries, like any repeat, only re-read unchanged companies).
 */
import type { PluginHost, PluginRoute, SecretRef } from '@glueflow/core';
import type { PluginOptions } from '../sync/options.js';
import { readSignature, signatureMatches } from './hubspot-signature.js';
import { pushTargets, throttledNotes, triggerAll } from './push-targets.js';

/** HubSpot sends at most 100 events per request; a thousand is not HubSpot. */
const MAX_EVENTS = 1000;
const BODY_LIMIT_BYTES = 512 * 1024;
const HUBSPOT_ID = /^[1-9][0-9]{0,19}$/;

interface CompanyEvent {
  id: string;
  portalId: string | undefined;
}

export function hubspotRoute(
  host: PluginHost,
  defaults: PluginOptions,
  now: () => number = Date.now,
): PluginRoute {
  const refused = throttledNotes('HubSpot delivery refused', now);
  const ignored = throttledNotes('HubSpot delivery ignored', now);
  return {
    method: 'POST',
    path: 'hubspot',
    bodyLimitBytes: BODY_LIMIT_BYTES,
    handler(request, serve) {
      const targets = pushTargets(serve, defaults, 'hubspot');
      if (targets.length === 0) return { status: 404, body: 'no PSA sync takes HubSpot webhooks' };
      if (!serve.publicUrl) {
        refused(serve, 'EPSA_PUSH_CONFIG', 'serve.publicUrl is not set, so the signed URL is unknown');
        return { status: 503, body: 'not configured', headers: { 'retry-after': '300' } };
      }
      const check = readSignature(request, serve.publicUrl, now());
      const signedBy = check.ok
        ? targets.filter((t) => signatureMatches(check, host.secret(t.push.appSecret as SecretRef)))
        : [];
      if (signedBy.length === 0) {
        // Never the signature, the timestamp or the body: only why.
        refused(
          serve,
          'EPSA_PUSH_SIGNATURE',
          check.ok ? 'signature does not match any app secret' : check.reason,
        );
        return { status: 401, body: 'invalid signature' };
      }
      const events = companyEventsOf(request.body);
      if (events.problem) ignored(serve, 'EPSA_PUSH_PAYLOAD', events.problem);
      const work = signedBy.map((t) => {
        const portal = t.push.portalId === undefined ? undefined : String(t.push.portalId);
        const ids = events.companies.filter((e) => !portal || e.portalId === portal).map((e) => e.id);
        return { pipeline: t.pipeline, index: t.index, ids: [...new Set(ids)] };
      });
      if (work.every((w) => w.ids.length === 0)) return { status: 202, body: { triggered: 0 } };
      return triggerAll(serve, work);
    },
  };
}

/** The company events of a delivery; anything else is counted, never trusted, never a crash. */
export function companyEventsOf(body: unknown): { companies: CompanyEvent[]; problem?: string } {
  if (!Array.isArray(body)) return { companies: [], problem: 'not a JSON array of events' };
  const companies: CompanyEvent[] = [];
  let unusable = 0;
  for (const event of body.slice(0, MAX_EVENTS) as unknown[]) {
    const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
    const type = typeof e.subscriptionType === 'string' ? e.subscriptionType : '';
    if (!type.startsWith('company.')) {
      if (!/^[a-z_]+\.[a-zA-Z]+$/.test(type)) unusable++; // contact.* & co are HubSpot's, just not ours
      continue;
    }
    const id = idOf(e.objectId);
    if (!id) {
      unusable++;
      continue;
    }
    companies.push({ id, portalId: idOf(e.portalId) });
  }
  const problems = [
    ...(body.length > MAX_EVENTS ? [`${body.length - MAX_EVENTS} events over ${MAX_EVENTS} dropped`] : []),
    ...(unusable > 0 ? [`${unusable} event(s) of unknown shape`] : []),
  ];
  return problems.length > 0 ? { companies, problem: problems.join(', ') } : { companies };
}

function idOf(value: unknown): string | undefined {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  return typeof text === 'string' && HUBSPOT_ID.test(text) ? text : undefined;
}
