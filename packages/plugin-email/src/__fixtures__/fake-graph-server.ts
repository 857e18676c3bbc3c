/**
 * A local Microsoft Graph + Entra ID token endpoint following the documented contracts:
 * - `POST /{tenant}/oauth2/v2.0/token` (client_credentials; `invalid_client` 401 on a bad secret) and
 *   `/{tenant}/v2.0/.well-known/openid-configuration` for msal's authority metadata;
 * - `GET /v1.0/users/{mailbox}/mailFolders/{folder}/messages/delta` with `Prefer: odata.maxpagesize`,
 *   `@odata.nextLink` pages and a final `@odata.deltaLink`; `@removed` for deletions; 410 for an expired
 *   delta token (SyncStateNotFound);
 * - `GET /v1.0/users/{mailbox}/messages/{id}/$value` — the message as MIME;
 * - bearer tokens checked (401 InvalidAuthenticationToken), queued 429s with Retry-After, and a
 *   429 `MailboxConcurrency` when more than 4 requests hit one mailbox at once (the Outlook limit);
 * - subscriptions (fake-graph-subscriptions.ts): `POST /subscriptions` validating both URLs first,
 *   `PATCH`/`DELETE /subscriptions/{id}`, and change / lifecycle notifications sent to them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { fakeSubscriptions } from './fake-graph-subscriptions.js';
import type { FakeSubscriptions } from './fake-graph-subscriptions.js';

export interface FakeGraphOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  mailbox: string;
  /** Largest page the server returns, whatever the client prefers. */
  maxPageSize?: number;
  /** Delay of each answer, so overlapping requests can be observed. */
  latencyMs?: number;
  /** The tenant GUID notifications carry. */
  tenantGuid?: string;
  /** Graph's clock for subscription expiry (tests that move time move it too). */
  now?: () => number;
}

interface StoredMessage {
  id: string;
  raw: Buffer;
  version: number;
  removedVersion?: number;
}

export interface FakeGraphServer extends FakeSubscriptions {
  url: string;
  /** `${url}/v1.0` */
  graphUrl: string;
  requests: Array<{ method: string; path: string; status: number }>;
  tokenRequests: number;
  /** Access tokens handed out (tests assert none reaches a log). */
  issuedTokens: string[];
  maxConcurrent: number;
  add(raw: Buffer | string): string;
  remove(id: string): void;
  /** The next `count` Graph requests answer 429 with this Retry-After. */
  throttleNext(count: number, retryAfter: string | null): void;
  /** Every delta token handed out so far answers 410 from now on. */
  expireDeltaTokens(): void;
  /** Downloads (`$value`) of these message ids answer 403 until `refuseDownload(id, false)`. */
  refuseDownload(id: string, refuse?: boolean): void;
  close(): Promise<void>;
}

export async function startFakeGraphServer(options: FakeGraphOptions): Promise<FakeGraphServer> {
  const messages: StoredMessage[] = [];
  const tokens = new Set<string>();
  const refused = new Set<string>();
  let version = 0;
  let expiredBelow = 0;
  let throttles: Array<string | null> = [];
  let inFlight = 0;
  const state = {
    requests: [] as FakeGraphServer['requests'],
    tokenRequests: 0,
    maxConcurrent: 0,
  };
  let base = '';

  const json = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const graphError = (
    res: http.ServerResponse,
    status: number,
    code: string,
    message: string,
    headers = {},
  ) => json(res, status, { error: { code, message, innerError: { 'request-id': randomUUID() } } }, headers);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    res.on('finish', () =>
      state.requests.push({ method: req.method ?? '', path: url.pathname, status: res.statusCode }),
    );
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      if (url.pathname.startsWith('/v1.0/')) return void graph(req, res, url, body);
      const tenant = `/${options.tenantId}`;
      if (req.method === 'POST' && url.pathname === `${tenant}/oauth2/v2.0/token`) return token(res, body);
      if (url.pathname === `${tenant}/v2.0/.well-known/openid-configuration`)
        return json(res, 200, {
          token_endpoint: `${req.headers['x-forwarded-base'] ?? base}${tenant}/oauth2/v2.0/token`,
          authorization_endpoint: `${req.headers['x-forwarded-base'] ?? base}${tenant}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${req.headers['x-forwarded-base'] ?? base}${tenant}/oauth2/v2.0/logout`,
          issuer: `${req.headers['x-forwarded-base'] ?? base}/${options.tenantId}/v2.0`,
          jwks_uri: `${req.headers['x-forwarded-base'] ?? base}${tenant}/discovery/v2.0/keys`,
        });
      json(res, 404, { error: 'not_found' });
    });
  });

  function token(res: http.ServerResponse, body: string) {
    state.tokenRequests += 1;
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials')
      return json(res, 400, { error: 'unsupported_grant_type', error_description: 'AADSTS70003' });
    if (form.get('client_id') !== options.clientId)
      return json(res, 400, {
        error: 'unauthorized_client',
        error_description: `AADSTS700016: Application not found`,
      });
    if (form.get('client_secret') !== options.clientSecret)
      return json(res, 401, {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      });
    if (!form.get('scope')?.endsWith('/.default'))
      return json(res, 400, {
        error: 'invalid_scope',
        error_description: 'AADSTS1002012: scope must end in /.default',
      });
    const accessToken = `fake-${randomUUID()}`;
    tokens.add(accessToken);
    json(res, 200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: accessToken,
    });
  }

  function graph(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string) {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7)))
      return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    if (throttles.length > 0) {
      const retryAfter = throttles.shift()!;
      return graphError(
        res,
        429,
        'ApplicationThrottled',
        'Application is over its MailboxConcurrency limit.',
        retryAfter === null ? {} : { 'Retry-After': retryAfter },
      );
    }
    inFlight += 1;
    state.maxConcurrent = Math.max(state.maxConcurrent, inFlight);
    const done = () => (inFlight -= 1);
    res.on('close', done);
    if (inFlight > 4)
      return graphError(
        res,
        429,
        'ApplicationThrottled',
        'Application is over its MailboxConcurrency limit.',
        { 'Retry-After': '1' },
      );
    setTimeout(() => route(req, res, url, body), options.latencyMs ?? 0);
  }

  function route(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string) {
    const parts = url.pathname.split('/').map(decodeURIComponent);
    if (parts[2] === 'subscriptions')
      return void subscriptions
        .handle(req.method ?? 'GET', parts[3], body)
        .then(({ status, body: answer }) =>
          answer === undefined ? void res.writeHead(status).end() : json(res, status, answer),
        );
    // ['', 'v1.0', 'users', mailbox, ...]
    if (parts[2] !== 'users' || parts[3]?.toLowerCase() !== options.mailbox.toLowerCase())
      return graphError(res, 404, 'ErrorInvalidUser', `The requested user '${parts[3]}' is invalid.`);
    if (parts[4] === 'mailFolders' && parts[6] === 'messages' && parts[7] === 'delta')
      return delta(req, res, url);
    if (parts[4] === 'messages' && parts[6] === '$value') {
      if (refused.has(parts[5] ?? ''))
        return graphError(
          res,
          403,
          'ErrorAccessDenied',
          'Access is denied. Check credentials and try again.',
        );
      const message = messages.find((m) => m.id === parts[5] && m.removedVersion === undefined);
      if (!message)
        return graphError(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(message.raw);
    }
    graphError(res, 400, 'BadRequest', `Unsupported ${url.pathname}`);
  }

  function delta(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const deltaToken = url.searchParams.get('$deltatoken');
    const skipToken = url.searchParams.get('$skiptoken');
    let since = 0;
    let offset = 0;
    let snapshot = version;
    if (deltaToken !== null) {
      since = Number(deltaToken);
      if (since < expiredBelow)
        return graphError(
          res,
          410,
          'SyncStateNotFound',
          'The sync state generation is not found or expired.',
        );
    } else if (skipToken !== null) {
      [offset, since, snapshot] = skipToken.split('.').map(Number) as [number, number, number];
    }
    const prefer = /odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''));
    const size = Math.min(Number(prefer?.[1] ?? 10), options.maxPageSize ?? 1000);
    const changed = messages.filter(
      (m) =>
        (m.version > since && m.version <= snapshot) ||
        (m.removedVersion !== undefined &&
          m.removedVersion > since &&
          m.removedVersion <= snapshot &&
          m.version <= since),
    );
    const page = changed
      .slice(offset, offset + size)
      .map((m) =>
        m.removedVersion !== undefined
          ? { id: m.id, '@removed': { reason: 'deleted' } }
          : { id: m.id, receivedDateTime: '2026-03-03T08:15:00Z' },
      );
    const self = `${base}${url.pathname}`;
    const link =
      offset + size < changed.length
        ? { '@odata.nextLink': `${self}?$skiptoken=${offset + size}.${since}.${snapshot}` }
        : { '@odata.deltaLink': `${self}?$deltatoken=${snapshot}` };
    json(res, 200, { '@odata.context': `${base}/v1.0/$metadata#Collection(message)`, value: page, ...link });
  }

  const subscriptions = fakeSubscriptions({
    mailbox: options.mailbox,
    ...(options.tenantGuid ? { tenantGuid: options.tenantGuid } : {}),
    now: options.now ?? (() => Date.now()),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...subscriptions.api,
    url: base,
    graphUrl: `${base}/v1.0`,
    get requests() {
      return state.requests;
    },
    get tokenRequests() {
      return state.tokenRequests;
    },
    get issuedTokens() {
      return [...tokens];
    },
    get maxConcurrent() {
      return state.maxConcurrent;
    },
    add(raw) {
      const id = `AAMk${randomUUID().replace(/-/g, '')}`;
      messages.push({ id, raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw), version: ++version });
      return id;
    },
    remove(id) {
      const message = messages.find((m) => m.id === id);
      if (message) message.removedVersion = ++version;
    },
    throttleNext(count, retryAfter) {
      throttles = [...throttles, ...Array.from({ length: count }, () => retryAfter)];
    },
    refuseDownload(id, refuse = true) {
      if (refuse) refused.add(id);
      else refused.delete(id);
    },
    expireDeltaTokens() {
      expiredBelow = version + 1;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  } as FakeGraphServer;
}
