/** postWithRetries against a receiver on 127.0.0.1: which answers retry, how long it waits, when it stops. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parseRetryAfter, postWithRetries } from './deliver.js';
import type { RetrySettings } from './deliver.js';
import { RECEIVER_TOKEN, startReceiver } from './__fixtures__/receiver.js';
import type { Receiver } from './__fixtures__/receiver.js';

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

const settings: RetrySettings = { retries: 5, backoffMs: 100, maxBackoffMs: 1_000, timeoutMs: 2_000 };

/** A clock that does not wait, and remembers what it was asked to wait. */
function fakeClock() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms), random: () => 1 };
}

const request = () => ({
  url: receiver.url,
  body: '{"id":"e1"}',
  headers: { 'content-type': 'application/json' },
});

describe('postWithRetries', () => {
  it('delivers on the first 2xx', async () => {
    receiver.script(204);
    expect(await postWithRetries(request(), settings, fakeClock())).toEqual({ status: 204, attempts: 1 });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]).toMatchObject({ method: 'POST', body: '{"id":"e1"}' });
  });

  it('retries after 500s with exponential, capped backoff and sends the same body each time', async () => {
    receiver.script(500, 502, 503, 500, 500);
    const clock = fakeClock();
    expect(await postWithRetries(request(), settings, clock)).toEqual({ status: 200, attempts: 6 });
    expect(clock.waits).toEqual([100, 200, 400, 800, 1_000]);
    expect(new Set(receiver.requests.map((r) => r.body))).toEqual(new Set(['{"id":"e1"}']));
  });

  it('uses full jitter: a random share of the ceiling', async () => {
    receiver.script(500, 500);
    const clock = { ...fakeClock(), random: () => 0.25 };
    await postWithRetries(request(), settings, clock);
    expect(clock.waits).toEqual([25, 50]);
  });

  it('follows Retry-After on 429 (seconds or date), capped by maxBackoffMs', async () => {
    receiver.script(
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 429, headers: { 'retry-after': '120' } },
    );
    const clock = fakeClock();
    await postWithRetries(request(), settings, clock);
    expect(clock.waits).toEqual([0, 1_000]);
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('gives up after the retries with EWEBHOOK_DELIVERY naming the origin, never the tokened path', async () => {
    receiver.script(500, 500, 500);
    const error = await postWithRetries(request(), { ...settings, retries: 2 }, fakeClock()).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'EWEBHOOK_DELIVERY',
      status: 500,
      message: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:\d+ did not take the event after 3 attempts: HTTP 500$/,
      ),
    });
    expect(JSON.stringify(error)).not.toContain(RECEIVER_TOKEN);
    expect(receiver.requests).toHaveLength(3);
  });

  it.each([
    [401, /verifies X-Glueflow-Signature/],
    [404, /a retry would not change that/],
    [302, /redirects/],
  ])('does not retry HTTP %i', async (status, hint) => {
    receiver.script({ status, headers: { location: 'http://example.com/elsewhere' } });
    await expect(postWithRetries(request(), settings, fakeClock())).rejects.toMatchObject({
      code: 'EWEBHOOK_DELIVERY',
      status,
      hint: expect.stringMatching(hint),
    });
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries a timeout, then reports it', async () => {
    receiver.script('hold', 'hold');
    await expect(
      postWithRetries(request(), { ...settings, retries: 1, timeoutMs: 200 }, fakeClock()),
    ).rejects.toMatchObject({ message: expect.stringContaining('no answer within 200 ms') });
    expect(receiver.requests).toHaveLength(2);
  });

  it('retries a refused connection, then reports it', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const clock = fakeClock();
    await expect(
      postWithRetries(
        { ...request(), url: `http://127.0.0.1:${port}/x` },
        { ...settings, retries: 2 },
        clock,
      ),
    ).rejects.toMatchObject({ code: 'EWEBHOOK_DELIVERY', message: expect.stringContaining('ECONNREFUSED') });
    expect(clock.waits).toHaveLength(2);
  });
});
