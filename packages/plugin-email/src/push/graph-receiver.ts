/**
 * The Graph receivers under `glueflow serve`: `POST /hooks/email/graph` (change notifications) and
 * `POST /hooks/email/graph/lifecycle` (lifecycle notifications). Both answer Graph's validation
 * handshake (`?validationToken=` → 200 text/plain echo). A notification counts only when its
 * subscription is ours and its clientState matches; then its message ids are pushed to a targeted run
 * and Graph gets 202 at once (it wants 2xx within 3 s). Forged or stale notifications are answered 202
 * too, and dropped: a 4xx would tell a prober which subscription ids exist, and Graph would keep
 * retrying (then throttling) our endpoint for a stale subscription's notifications.
 */
import type { PluginRoute, PluginRouteReply, PluginRouteRequest, ServeServices } from '@glueflow/core';
import { emailError } from '../errors.js';
import { GRAPH_ID } from '../sources/graph/graph-source.js';
import type { GraphFeed } from './graph-feeds.js';
import type { GraphSubscriptions } from './graph-subscriptions.js';
import type { PushClock } from './push-clock.js';

/** Graph's tokens are a few hundred characters; a longer one is not Graph's. */
export const MAX_VALIDATION_TOKEN_LENGTH = 1024;
/** Graph batches at most a few hundred notifications per request; more is not Graph. */
const MAX_NOTIFICATIONS = 1000;
/** Notifications of 1000 messages without resource data stay well under this. */
const BODY_LIMIT_BYTES = 1024 * 1024;
/** At most one warning per minute about ignored notifications (a flood must not flood the log). */
const IGNORED_LOG_INTERVAL_MS = 60_000;

interface Notification {
  subscriptionId?: unknown;
  clientState?: unknown;
  changeType?: unknown;
  lifecycleEvent?: unknown;
  resource?: unknown;
  resourceData?: { id?: unknown } | null;
}

export function graphRoutes(subscriptions: GraphSubscriptions, clock: PushClock): PluginRoute[] {
  const ignored = { count: 0, loggedAt: -Infinity };
  const noteIgnored = (serve: ServeServices, count: number) => {
    if (count === 0) return;
    ignored.count += count;
    if (clock.now() - ignored.loggedAt < IGNORED_LOG_INTERVAL_MS) return;
    ignored.loggedAt = clock.now();
    const note = emailError('EEMAIL_GRAPH_NOTIFICATION', {
      reason: `unknown subscription or wrong clientState (${ignored.count} so far)`,
    });
    serve.logger.warn(note.message, { code: note.code, ignored: ignored.count });
  };

  /** The handshake, or the notifications whose subscription and clientState check out (by feed). */
  const receive = (
    request: PluginRouteRequest,
    serve: ServeServices,
    accept: (verified: Array<[GraphFeed, Notification]>) => PluginRouteReply,
  ): PluginRouteReply => {
    if (request.query.validationToken !== undefined) return handshake(request.query.validationToken);
    const notifications = notificationsOf(request.body);
    if (!notifications) return { status: 400, body: 'not a Graph notification' };
    const verified: Array<[GraphFeed, Notification]> = [];
    for (const notification of notifications) {
      const feed = subscriptions.verify(notification.subscriptionId, notification.clientState);
      if (feed) verified.push([feed, notification]);
    }
    noteIgnored(serve, notifications.length - verified.length);
    return accept(verified);
  };

  return [
    {
      method: 'POST',
      path: 'graph',
      bodyLimitBytes: BODY_LIMIT_BYTES,
      handler: (request, serve) =>
        receive(request, serve, (verified) => {
          const byFeed = new Map<GraphFeed, Set<string>>();
          for (const [feed, notification] of verified) {
            const id = messageIdOf(notification);
            if (notification.changeType === 'created' && id)
              byFeed.set(feed, (byFeed.get(feed) ?? new Set()).add(id));
          }
          for (const [feed, ids] of byFeed) {
            const outcome = serve.trigger({ pipeline: feed.pipeline, index: feed.index, items: [...ids] });
            // Graph retries a 5xx: nothing is lost while the queue is full or serve is stopping.
            if (outcome === 'full' || outcome === 'closed') return busy();
          }
          return { status: 202 };
        }),
    },
    {
      method: 'POST',
      path: 'graph/lifecycle',
      bodyLimitBytes: BODY_LIMIT_BYTES,
      handler: (request, serve) =>
        receive(request, serve, (verified) => {
          for (const [feed, { lifecycleEvent }] of verified) {
            // Not awaited: Graph wants its answer within 3 s; failures go to /readyz and are retried.
            if (lifecycleEvent === 'reauthorizationRequired') void subscriptions.renewNow(feed);
            else if (lifecycleEvent === 'subscriptionRemoved') void subscriptions.recreate(feed);
            else if (lifecycleEvent === 'missed') subscriptions.catchUp(feed, serve);
          }
          return { status: 202 };
        }),
    },
  ];
}

/** Graph's validation: echo the token as text/plain within 10 s (nosniff: it is only ever text). */
function handshake(token: string): PluginRouteReply {
  if (token.length === 0 || token.length > MAX_VALIDATION_TOKEN_LENGTH)
    return { status: 400, body: 'validationToken is empty or too long' };
  return { status: 200, body: token, headers: { 'x-content-type-options': 'nosniff' } };
}

function notificationsOf(body: unknown): Notification[] | undefined {
  const value = (body as { value?: unknown } | null | undefined)?.value;
  if (!Array.isArray(value) || value.length > MAX_NOTIFICATIONS) return undefined;
  return value.filter((item): item is Notification => typeof item === 'object' && item !== null);
}

/** `resourceData.id`, else the last segment of `resource` (`Users/{id}/Messages/{id}`); only id-shaped. */
function messageIdOf(notification: Notification): string | undefined {
  const fromData = notification.resourceData?.id;
  const fromResource =
    typeof notification.resource === 'string'
      ? /\/messages\/([^/]+)$/i.exec(notification.resource)?.[1]
      : undefined;
  const id = typeof fromData === 'string' ? fromData : fromResource;
  return id !== undefined && GRAPH_ID.test(id) ? id : undefined;
}

function busy(): PluginRouteReply {
  return { status: 503, body: 'busy, retry later', headers: { 'retry-after': '30' } };
}
