/**
 * Microsoft Graph: msal-node's client-credentials flow, the Graph client's limits (4 in flight,
 * Retry-After) and `email.import` end to end (delta + deltaLink, 410 resync, auth failure) against a
 * local fake that follows the Graph and Entra ID documentation.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { emailRecords, emailWorld, FIXTURES, ROUTE } from '../../__fixtures__/email-world.js';
import type { World } from '../../__fixtures__/email-world.js';
import { startFakeGraphServer } from '../../__fixtures__/fake-graph-server.js';
import type { FakeGraphServer } from '../../__fixtures__/fake-graph-server.js';
import { GraphClient, GraphTooLargeError } from './graph-client.js';
import { graphTokenProvider } from './graph-token.js';

const TENANT = 'contoso.onmicrosoft.com';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const SECRET = 'graph-secret-Zq9';
const MAILBOX = 'docs@msp.example';
const corpus = (file: string) => fs.readFileSync(path.join(FIXTURES, 'corpus', file));

let graph: FakeGraphServer;
beforeEach(async () => {
  graph = await startFakeGraphServer({
    tenantId: TENANT,
    clientId: CLIENT,
    clientSecret: SECRET,
    mailbox: MAILBOX,
    maxPageSize: 3,
    latencyMs: 15,
  });
});
afterEach(async () => graph.close());

/** msal only talks https; this network client carries its requests for https://login.fake.test to the fake. */
function forwardingNetworkClient(target: string): INetworkModule {
  const HOST = 'https://login.fake.test';
  const send = async <T>(
    url: string,
    method: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> => {
    const response = await fetch(url.replace(HOST, target), {
      method,
      headers: { ...(options?.headers ?? {}), 'x-forwarded-base': HOST },
      ...(options?.body ? { body: options.body } : {}),
    });
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: (await response.json()) as T,
    };
  };
  return {
    sendGetRequestAsync: (url, options) => send(url, 'GET', options),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}

describe('Graph token (msal-node, client credentials)', () => {
  const options = (secret: string) => ({
    tenantId: TENANT,
    clientId: CLIENT,
    clientSecret: secret,
    authorityHost: 'https://login.fake.test',
    scope: 'https://graph.microsoft.com/.default',
    networkClient: forwardingNetworkClient(graph.url),
  });

  it('gets a token from the configured authority and reuses it until it expires', async () => {
    const token = graphTokenProvider(options(SECRET));
    const first = await token();
    expect(first).toMatch(/^fake-/);
    expect(await token()).toBe(first);
    expect(graph.tokenRequests).toBe(1);
    // No instance discovery against login.microsoftonline.com: only the fake was asked.
    expect(graph.requests.some((r) => r.path.endsWith('/openid-configuration'))).toBe(true);
  });

  it('a wrong secret is EEMAIL_GRAPH_AUTH with the endpoint code, never the secret', async () => {
    const error = await graphTokenProvider(options('wrong-secret-77'))().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EEMAIL_GRAPH_AUTH', where: 'source.clientSecret' });
    expect((error as Error).message).toContain('invalid_client');
    expect(JSON.stringify(error)).not.toContain('wrong-secret-77');
  });
});

describe('Graph client', () => {
  const client = (sleeps: number[] = []) =>
    new GraphClient({
      baseUrl: graph.graphUrl,
      mailbox: MAILBOX,
      token: graphTokenProvider({
        tenantId: TENANT,
        clientId: CLIENT,
        clientSecret: SECRET,
        authorityHost: graph.url,
        scope: 'https://graph.microsoft.com/.default',
      }),
      sleep: async (ms) => void sleeps.push(ms),
    });

  it('keeps at most 4 requests in flight per mailbox', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => graph.add(`Subject: m${i}\r\n\r\nbody\r\n`));
    const c = client();
    const bodies = await Promise.all(ids.map((id) => c.bytes(`/users/${MAILBOX}/messages/${id}/$value`)));
    expect(bodies).toHaveLength(12);
    expect(graph.maxConcurrent).toBeLessThanOrEqual(4);
    expect(graph.maxConcurrent).toBeGreaterThan(1);
    expect(graph.requests.filter((r) => r.status === 429)).toHaveLength(0);
  });

  it('waits out 429 Retry-After (seconds) and backs off exponentially without one', async () => {
    const id = graph.add('Subject: x\r\n\r\nbody\r\n');
    graph.throttleNext(1, '7');
    graph.throttleNext(2, null);
    const sleeps: number[] = [];
    const bytes = await client(sleeps).bytes(`/users/${MAILBOX}/messages/${id}/$value`);
    expect(Buffer.from(bytes).toString()).toContain('Subject: x');
    expect(sleeps).toEqual([7000, 2000, 4000]);
  });

  it('stops reading an answer over maxBytes, whether it declares its length or streams', async () => {
    const id = graph.add(`Subject: big\r\n\r\n${'x'.repeat(200_000)}\r\n`);
    const declared = client().bytes(`/users/${MAILBOX}/messages/${id}/$value`, 64 * 1024);
    await expect(declared).rejects.toBeInstanceOf(GraphTooLargeError);
    // A chunked answer (no Content-Length) that would go on for 1 GB: reading stops past the limit.
    let sent = 0;
    const endless = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'message/rfc822' });
      const chunk = Buffer.alloc(64 * 1024, 0x78);
      const more = () => {
        while (sent < 1024 ** 3 && res.write(chunk)) sent += chunk.length;
      };
      res.on('drain', more);
      res.on('close', () => res.off('drain', more));
      more();
    });
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/v1.0`;
    const streaming = new GraphClient({ baseUrl: base, mailbox: MAILBOX, token: async () => 'token' });
    const error = await streaming.bytes('/users/x/messages/1/$value', 256 * 1024).catch((e: unknown) => e);
    endless.closeAllConnections();
    await new Promise((resolve) => endless.close(resolve));
    expect(error).toBeInstanceOf(GraphTooLargeError);
    expect((error as GraphTooLargeError).bytes).toBeGreaterThan(256 * 1024);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('never sends the token to a link on another host', async () => {
    await expect(client().json('https://evil.example/v1.0/users/x')).rejects.toMatchObject({
      code: 'EEMAIL_GRAPH_REQUEST',
    });
  });
});

describe('email.import from Graph', () => {
  let world: World;
  beforeEach(async () => {
    world = await emailWorld({ env: { GRAPH_SECRET: SECRET, WRONG: 'not-the-secret' } });
  });
  afterEach(async () => world.t.close());

  const source = (extra: Record<string, unknown> = {}) => ({
    type: 'graph',
    tenantId: TENANT,
    clientId: CLIENT,
    clientSecret: { env: 'GRAPH_SECRET' },
    mailbox: MAILBOX,
    authorityHost: graph.url,
    graphUrl: graph.graphUrl,
    ...extra,
  });
  const files = [
    '01-plain-text.eml',
    '02-multipart-alternative.eml',
    '03-licence-pdf.eml',
    '04-inline-image-cid.eml',
    '06-nested-rfc822.eml',
    '08-rfc2231-filename.eml',
    '33-corrupt-binary.eml',
  ];

  it('pages the delta, fetches MIME, saves the deltaLink, and next run reads only what is new', async () => {
    for (const file of files) graph.add(corpus(file));
    const first = await world.t.runStep('email.import', { source: source(), route: ROUTE });
    expect(first.counts).toMatchObject({ created: 6, failed: 1 });
    expect(graph.requests.filter((r) => r.path.endsWith('/delta')).length).toBe(3); // 7 messages, pages of 3
    expect(graph.maxConcurrent).toBeLessThanOrEqual(4);
    const { assets, filesOf } = await emailRecords(world.t);
    const forwarded = assets.find(
      (a) => (a.attributes.traits as Record<string, string>)['message-id'] === '06@msp.example',
    )!;
    expect(filesOf('flexible', forwarded.id)).toEqual(['Firewall licence renewal.eml', 'licence-key.txt']);

    await world.t.restart();
    graph.add(corpus('07-rfc2047-subject.eml'));
    const before = graph.requests.length;
    const second = await world.t.runStep('email.import', { source: source(), route: ROUTE });
    expect(second.counts).toMatchObject({ created: 1 });
    const newRequests = graph.requests.slice(before).filter((r) => r.path.startsWith('/v1.0'));
    // Only the new message is fetched (a message that does not parse is reported once, not retried).
    expect(newRequests.filter((r) => r.path.endsWith('/$value'))).toHaveLength(1);
    expect(newRequests.filter((r) => r.path.endsWith('/delta'))).toHaveLength(1);
  });

  it('an expired deltaLink (410) reads the folder again and creates nothing twice', async () => {
    for (const file of files.slice(0, 3)) graph.add(corpus(file));
    expect((await world.t.runStep('email.import', { source: source(), route: ROUTE })).counts.created).toBe(
      3,
    );
    graph.expireDeltaTokens();
    world.t.admin.resetStats();
    const again = await world.t.runStep('email.import', { source: source(), route: ROUTE });
    expect(graph.requests.some((r) => r.status === 410)).toBe(true);
    expect(again.counts).toMatchObject({ created: 0, unchanged: 3, failed: 0 });
    expect(world.t.admin.stats().writesApplied).toBe(0);
    expect(again.messages.find((m) => m.code === 'EEMAIL_GRAPH_RESYNC')?.reason).toContain('410 Gone');
  });

  it('skips a message over maxMessageBytes without downloading it whole, and does not retry it', async () => {
    graph.add(corpus('01-plain-text.eml'));
    const big = graph.add(`From: a@acme.example\r\nSubject: big\r\n\r\n${'x'.repeat(200_000)}\r\n`);
    const summary = await world.t.runStep('email.import', {
      source: source(),
      route: ROUTE,
      maxMessageBytes: 64 * 1024,
    });
    expect(summary.counts).toMatchObject({ created: 1, skipped: 1, failed: 0 });
    expect(summary.messages.find((m) => m.code === 'EEMAIL_MESSAGE_TOO_LARGE')?.item).toBe(`graph:${big}`);
    const again = await world.t.runStep('email.import', {
      source: source(),
      route: ROUTE,
      maxMessageBytes: 64 * 1024,
    });
    expect(again.counts).toMatchObject({ created: 0, skipped: 0 });
  });

  it('a refused client secret fails the step with a clear error naming the setting', async () => {
    graph.add(corpus('01-plain-text.eml'));
    const summary = await world.t.runStep('email.import', {
      source: source({ clientSecret: { env: 'WRONG' } }),
      route: ROUTE,
    });
    expect(summary.status).toBe('failed');
    const error = summary.messages.find((m) => m.code === 'EEMAIL_GRAPH_AUTH');
    expect(error?.reason).toContain(`client ${CLIENT} in tenant ${TENANT}`);
    expect(error?.hint).toContain('source.clientSecret');
    expect(JSON.stringify(summary)).not.toContain('not-the-secret');
    expect(JSON.stringify(world.t.logs)).not.toContain('not-the-secret');
  });

  it('refuses plain http to a non-loopback Graph URL', async () => {
    const summary = await world.t.runStep('email.import', {
      source: source({ graphUrl: 'http://graph.example.com/v1.0' }),
      route: ROUTE,
    });
    expect(summary.messages.find((m) => m.code === 'EEMAIL_INSECURE_URL')).toBeDefined();
  });
});
