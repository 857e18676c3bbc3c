/**
 * The subscription half of the fake Graph, per learn.microsoft.com/graph/api/subscription-post-subscriptions
 * and /graph/change-notifications-delivery-webhooks:
 * - `POST /subscriptions` checks the body (changeType, resource, expiry within 10,080 minutes,
 *   clientState ≤ 128 characters, https URLs or loopback), then validates notificationUrl and
 *   lifecycleNotificationUrl: a POST with `?validationToken=…` that must answer 200 text/plain with the
 *   token, within 10 s — else 400 and no subscription;
 * - `PATCH /subscriptions/{id}` (new expirationDateTime), `DELETE /subscriptions/{id}`; 404 when unknown;
 * - `notify()` / `lifecycle()` deliver notifications the way Graph does, to the subscription's URLs.
 */
import { randomUUID } from 'node:crypto';

export const MAX_LIFETIME_MINUTES = 10_080;

export interface FakeSubscription {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  expirationDateTime: string;
  clientState?: string;
}

export interface FakeSubscriptions {
  /** Subscriptions that exist now (mutated in place). */
  readonly subscriptions: FakeSubscription[];
  /** Every validation request sent, with the token and whether the answer passed. */
  readonly validations: Array<{ url: string; token: string; passed: boolean }>;
  /** Every notification delivered: where, and the HTTP status serve answered. */
  readonly deliveries: Array<{ url: string; status: number }>;
  /** Graph notifies the subscription's notificationUrl that a message was created; the answer's status. */
  notify(subscriptionId: string, messageIds: string[], override?: Record<string, unknown>): Promise<number>;
  /** A lifecycle notification (`reauthorizationRequired`, `subscriptionRemoved`, `missed`). */
  lifecycle(subscriptionId: string, event: string, override?: Record<string, unknown>): Promise<number>;
  /** Graph forgets the subscription (expired or removed): a later PATCH answers 404. */
  dropSubscription(id: string): void;
  /** The next `count` subscription creations answer this status. */
  failNextCreates(count: number, status: number): void;
}

export interface FakeSubscriptionsHandle {
  api: FakeSubscriptions;
  handle(method: string, id: string | undefined, body: string): Promise<{ status: number; body?: unknown }>;
}

const graphError = (status: number, code: string, message: string) => ({
  status,
  body: { error: { code, message, innerError: { 'request-id': randomUUID() } } },
});

export function fakeSubscriptions(options: {
  mailbox: string;
  tenantGuid?: string;
  now: () => number;
}): FakeSubscriptionsHandle {
  const subscriptions: FakeSubscription[] = [];
  const validations: FakeSubscriptions['validations'] = [];
  const deliveries: FakeSubscriptions['deliveries'] = [];
  const tenantId = options.tenantGuid ?? '9f1b0c3e-1111-4222-8333-444455556666';
  let failures: number[] = [];

  async function validate(url: string): Promise<boolean> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    let passed = false;
    try {
      const answer = await fetch(`${url}?validationToken=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        signal: AbortSignal.timeout(10_000),
      });
      passed =
        answer.status === 200 &&
        /^text\/plain\b/.test(answer.headers.get('content-type') ?? '') &&
        (await answer.text()) === token;
    } catch {
      passed = false;
    }
    validations.push({ url, token, passed });
    return passed;
  }

  function badBody(input: Record<string, unknown>): string | undefined {
    if (input.changeType !== 'created') return 'changeType must be created for this fake';
    const resource = String(input.resource ?? '');
    if (
      !new RegExp(`^users/${escape(options.mailbox)}/mailFolders\\('[^']+'\\)/messages$`, 'i').test(resource)
    )
      return `Unsupported resource '${resource}'`;
    const expiry = Date.parse(String(input.expirationDateTime ?? ''));
    if (Number.isNaN(expiry) || expiry <= options.now()) return 'expirationDateTime must be in the future';
    if (expiry > options.now() + (MAX_LIFETIME_MINUTES + 1) * 60_000)
      return `Subscription expiration can only be ${MAX_LIFETIME_MINUTES} minutes in the future.`;
    if (typeof input.clientState === 'string' && input.clientState.length > 128)
      return 'clientState is longer than 128 characters';
    for (const key of ['notificationUrl', 'lifecycleNotificationUrl']) {
      const url = input[key];
      if (key === 'lifecycleNotificationUrl' && url === undefined) continue;
      if (typeof url !== 'string' || !/^(https:\/\/|http:\/\/127\.0\.0\.1[:/])/.test(url))
        return `${key} must be an https URL`;
    }
    return undefined;
  }

  async function create(body: string) {
    const input = JSON.parse(body || '{}') as Record<string, unknown>;
    const failure = failures.shift();
    if (failure !== undefined) return graphError(failure, 'ServiceUnavailable', 'Injected failure.');
    const bad = badBody(input);
    if (bad) return graphError(400, 'InvalidRequest', bad);
    for (const url of [input.notificationUrl, input.lifecycleNotificationUrl]) {
      if (typeof url === 'string' && !(await validate(url)))
        return graphError(
          400,
          'InvalidRequest',
          'Subscription validation request failed. Response must exactly match validationToken query parameter.',
        );
    }
    const subscription: FakeSubscription = {
      id: randomUUID(),
      resource: String(input.resource),
      changeType: 'created',
      notificationUrl: String(input.notificationUrl),
      ...(typeof input.lifecycleNotificationUrl === 'string'
        ? { lifecycleNotificationUrl: input.lifecycleNotificationUrl }
        : {}),
      expirationDateTime: new Date(Date.parse(String(input.expirationDateTime))).toISOString(),
      ...(typeof input.clientState === 'string' ? { clientState: input.clientState } : {}),
    };
    subscriptions.push(subscription);
    return {
      status: 201,
      body: {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity',
        ...subscription,
      },
    };
  }

  async function handle(method: string, id: string | undefined, body: string) {
    if (method === 'POST' && id === undefined) return create(body);
    const subscription = subscriptions.find((s) => s.id === id);
    if (!subscription) return graphError(404, 'ResourceNotFound', `The object was not found.`);
    if (method === 'PATCH') {
      const expiry = Date.parse(
        String((JSON.parse(body || '{}') as Record<string, unknown>).expirationDateTime),
      );
      if (Number.isNaN(expiry) || expiry > options.now() + (MAX_LIFETIME_MINUTES + 1) * 60_000)
        return graphError(400, 'InvalidRequest', 'Invalid expirationDateTime.');
      subscription.expirationDateTime = new Date(expiry).toISOString();
      return { status: 200, body: subscription };
    }
    if (method === 'DELETE') {
      subscriptions.splice(subscriptions.indexOf(subscription), 1);
      return { status: 204 };
    }
    return graphError(405, 'MethodNotAllowed', `${method} is not supported`);
  }

  async function deliver(url: string | undefined, value: Array<Record<string, unknown>>): Promise<number> {
    if (!url) throw new Error('the subscription has no such URL');
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ value }),
    });
    await answer.arrayBuffer();
    deliveries.push({ url, status: answer.status });
    return answer.status;
  }

  const byId = (id: string) => {
    const found = subscriptions.find((s) => s.id === id);
    if (!found) throw new Error(`no subscription ${id}`);
    return found;
  };

  const api: FakeSubscriptions = {
    subscriptions,
    validations,
    deliveries,
    notify(subscriptionId, messageIds, override = {}) {
      const s = byId(subscriptionId);
      return deliver(
        s.notificationUrl,
        messageIds.map((id) => ({
          subscriptionId: s.id,
          subscriptionExpirationDateTime: s.expirationDateTime,
          changeType: 'created',
          resource: `Users/${options.mailbox}/Messages/${id}`,
          resourceData: {
            '@odata.type': '#Microsoft.Graph.Message',
            '@odata.id': `Users/${options.mailbox}/Messages/${id}`,
            '@odata.etag': 'W/"CQAAABYAAAA"',
            id,
          },
          clientState: s.clientState ?? null,
          tenantId,
          ...override,
        })),
      );
    },
    lifecycle(subscriptionId, event, override = {}) {
      const s = byId(subscriptionId);
      return deliver(s.lifecycleNotificationUrl, [
        {
          subscriptionId: s.id,
          subscriptionExpirationDateTime: s.expirationDateTime,
          tenantId,
          clientState: s.clientState ?? null,
          lifecycleEvent: event,
          ...override,
        },
      ]);
    },
    dropSubscription(id) {
      const index = subscriptions.findIndex((s) => s.id === id);
      if (index >= 0) subscriptions.splice(index, 1);
    },
    failNextCreates(count, status) {
      failures = [...failures, ...Array.from({ length: count }, () => status)];
    },
  };
  return { api, handle };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
