import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import axios from 'axios';
import { REDACTED, Redactor, redact, serializeError } from './index.js';
import { base64Fragments } from './redact.js';

describe('redact', () => {
  it('masks secret keys at any depth and in any case style, and leaves metadata alone', () => {
    const input = {
      headers: { 'X-API-Key': 'ITG.abc', Authorization: 'Bearer xyz' },
      data: {
        attributes: { password: 'hunter2', 'password-updated-at': '2026-01-01', passwordCategoryId: 3 },
      },
      traits: { 'admin-password': 'p4ss', 'pre-shared-key': 'still text', name: 'ok' },
      psa: { clientSecret: 's', privateKey: 'k', access_token: 't' },
    };
    expect(redact(input)).toEqual({
      headers: { 'X-API-Key': REDACTED, Authorization: REDACTED },
      data: {
        attributes: { password: REDACTED, 'password-updated-at': '2026-01-01', passwordCategoryId: 3 },
      },
      traits: { 'admin-password': REDACTED, 'pre-shared-key': 'still text', name: 'ok' },
      psa: { clientSecret: REDACTED, privateKey: REDACTED, access_token: REDACTED },
    });
  });

  it('never mutates the input (winston info is a shallow copy)', () => {
    const meta = { nested: { password: 'hunter2' } };
    redact(meta);
    expect(meta.nested.password).toBe('hunter2');
  });

  it('scrubs strings: Bearer/Basic tokens, ITG. keys, secret query parameters, JSON fragments, registered values', () => {
    const r = new Redactor({ secrets: ['very-secret-value'] });
    expect(r.string('Authorization: Bearer eyJhbGciOi.abc.def')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(r.string('Basic dXNlcjpwYXNz')).toBe(`Basic ${REDACTED}`);
    expect(r.string('key ITG.0123abcd-ef.77 used')).toBe(`key ITG.${REDACTED} used`);
    expect(r.string('/x?api_key=abc&page=2&password=p')).toBe(
      `/x?api_key=${REDACTED}&page=2&password=${REDACTED}`,
    );
    expect(r.string('{"password":"p1","name":"n"}')).toBe(`{"password":"${REDACTED}","name":"n"}`);
    expect(r.string('it was very-secret-value!')).toBe(`it was ${REDACTED}!`);
  });

  it('masks a registered secret in its Basic, base64url, percent-encoded and JSON-escaped forms', () => {
    const secret = 'pr1v@te "key"/+&';
    const r = new Redactor({ secrets: [secret] });
    for (const user of ['', 'a', 'acme+public:', 'acme+public:x', 'acme+publi:']) {
      const basic = Buffer.from(`${user}${secret}`).toString('base64');
      const url = Buffer.from(`${user}${secret}|tail`).toString('base64url');
      expect(r.string(`Authorization: Basic ${basic}`)).toBe(`Authorization: Basic ${REDACTED}`);
      expect(r.string(`{"raw":"${basic}","next":1}`)).toBe(`{"raw":"${REDACTED}","next":1}`);
      expect(r.string(`token=${url};`)).toBe(`token=${REDACTED};`);
    }
    expect(r.string(`client_secret=${encodeURIComponent(secret)}&x=1`)).not.toContain('pr1v');
    expect(r.string(JSON.stringify({ echo: secret }))).toBe(`{"echo":"${REDACTED}"}`);
    expect(r.string(`Bearer ${secret}`)).not.toContain('pr1v');
    // A short secret only has fragments long enough to tell from noise.
    expect(base64Fragments('abcdef').every((fragment) => fragment.length >= 8)).toBe(true);
  });

  it('strings() scrubs every string of a JSON report and keeps its shape (no key masking, no depth cut)', () => {
    const r = new Redactor({ secrets: ['very-secret-value'] });
    let deep: Record<string, unknown> = { reason: 'echo very-secret-value' };
    for (let i = 0; i < 12; i++) deep = { next: deep };
    const out = r.strings({ password: 'p1', count: 3, ok: true, deep }) as Record<string, unknown>;
    expect(out.password).toBe('p1');
    expect(out.count).toBe(3);
    expect(JSON.stringify(out)).toContain(`"reason":"echo ${REDACTED}"`);
  });

  it('handles cycles, buffers and depth', () => {
    const a: Record<string, unknown> = { name: 'a', buf: Buffer.alloc(3) };
    a.self = a;
    expect(redact(a)).toEqual({ name: 'a', buf: '[3 bytes]', self: '[Circular]' });
  });
});

describe('serializeError', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"password":"from-body"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('logs an AxiosError through an allow-list: no headers, no body', async () => {
    const error = await axios
      .post(
        `${url}/passwords?api_key=q`,
        { password: 'body-secret' },
        { headers: { 'x-api-key': 'ITG.header-secret' } },
      )
      .catch((e: unknown) => e);
    const serialized = serializeError(error);
    expect(serialized).toMatchObject({
      name: 'AxiosError',
      method: 'POST',
      status: 500,
      url: '/passwords?api_key=q',
    });
    const text = JSON.stringify(redact(serialized));
    expect(text).not.toMatch(/header-secret|body-secret|from-body|api_key=q/);
  });
});
