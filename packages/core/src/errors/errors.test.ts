import { describe, expect, it } from '@jest/globals';
import { ERROR_CATALOGUE, GlueflowError, createError, parseErrorBody } from './index.js';
import type { ErrorCode } from './index.js';

describe('parseErrorBody', () => {
  it('reads a JSON:API error with a numeric status and a "/data/attributes/x" pointer', () => {
    const parsed = parseErrorBody(
      JSON.stringify({
        errors: [
          {
            status: 422,
            title: 'Unprocessable Entity',
            detail: "can't be blank",
            source: { pointer: '/data/attributes/name' },
          },
        ],
      }),
      'application/vnd.api+json',
    );
    expect(parsed.kind).toBe('json-api');
    expect(parsed.details).toEqual([
      {
        status: '422',
        title: 'Unprocessable Entity',
        detail: "can't be blank",
        pointer: '/data/attributes/name',
      },
    ]);
    expect(parsed.summary).toBe("name: can't be blank");
  });

  it('reads a symbol status and every pointer form (null, "data", no leading slash, array)', () => {
    const parsed = parseErrorBody({
      errors: [
        {
          status: 'unprocessable_entity',
          title: 'Unprocessable Entity',
          detail: 'PSA-synced',
          source: { pointer: 'data' },
        },
        { status: 422, title: 'x', source: { pointer: 'data/attributes/organization_id' } },
        { status: 422, title: 'y', source: { pointer: ['data', 'type'] } },
        { status: 'forbidden', title: 'Forbidden', source: { pointer: null } },
        { status: 422, detail: 'no source' },
      ],
    });
    expect(parsed.details.map((d) => d.pointer)).toEqual([
      '/data',
      '/data/attributes/organization_id',
      '/data/type',
      undefined,
      undefined,
    ]);
    expect(parsed.details[0]!.status).toBe('unprocessable_entity');
    expect(parsed.summary).toBe('PSA-synced (+4 more)');
  });

  it("reads Rails' { errors: { field: [messages] } } and plain string errors", () => {
    expect(parseErrorBody({ errors: { name: ['is taken'] } }).details).toEqual([
      { detail: 'is taken', pointer: '/data/attributes/name' },
    ]);
    expect(parseErrorBody({ errors: ['bad'] }).details).toEqual([{ detail: 'bad' }]);
  });

  it("reads the API Gateway's own body (504, 413)", () => {
    expect(parseErrorBody('{"message": "Endpoint request timed out"}', 'application/json')).toEqual({
      kind: 'gateway',
      details: [],
      summary: 'Endpoint request timed out',
    });
  });

  it('recognises an HTML page and keeps its title', () => {
    const html =
      '<!DOCTYPE html><html><head><title>The page you were looking for doesn&#39;t exist (404)</title></head></html>';
    expect(parseErrorBody(html, 'text/html; charset=utf-8')).toMatchObject({
      kind: 'html',
      summary: "The page you were looking for doesn't exist (404)",
    });
  });

  it('copes with empty, Buffer and non-JSON bodies', () => {
    expect(parseErrorBody('').kind).toBe('empty');
    expect(parseErrorBody(undefined).kind).toBe('empty');
    expect(parseErrorBody(Buffer.from('{"message":"Request Too Long"}')).summary).toBe('Request Too Long');
    expect(parseErrorBody('upstream connect error', 'text/plain')).toMatchObject({
      kind: 'text',
      summary: 'upstream connect error',
    });
    expect(parseErrorBody('{not json', 'application/json').kind).toBe('text');
  });
});

describe('error catalogue', () => {
  const sample: Record<string, unknown> = {
    where: 'GET /organizations/1',
    summary: 'x',
    status: 500,
    reason: 'r',
    phase: 'response',
    ms: 1,
    failures: 5,
    retryInMs: 1000,
    problem: 'p',
    url: 'http://example.com',
    region: 'mars',
    source: 'ITGLUE_REGION',
    instance: 'default',
    keychain: 'k',
    what: 'w',
    expected: 'e',
    type: 't',
    unknown: ['a'],
    known: ['b'],
    limitBytes: 10,
    file: 'f',
    lock: 'pipeline:nightly',
    pid: 4242,
    host: 'cron-1',
    startedAt: '2026-12-04T02:00:00.000Z',
    record: 'organization "Acme"',
    ids: ['4', '9'],
  };

  it('gives every code a one-line message and a hint', () => {
    for (const code of Object.keys(ERROR_CATALOGUE) as ErrorCode[]) {
      const error = createError(code, sample as never);
      expect(error).toBeInstanceOf(GlueflowError);
      expect(error.code).toBe(code);
      expect(error.message).not.toMatch(/\n/);
      expect(error.message.length).toBeGreaterThan(10);
      expect(error.hint.length).toBeGreaterThan(10);
    }
  });

  it('explains a 403 with the three usual causes', () => {
    const error = createError('EITGLUE_FORBIDDEN', { where: 'GET /organizations' });
    expect(error.hint).toMatch(/wrong or mistyped key/);
    expect(error.hint).toMatch(/90 days/);
    expect(error.hint).toMatch(/region/);
    expect(createError('EITGLUE_FORBIDDEN', { where: 'GET /passwords/1', passwordValue: true }).hint).toMatch(
      /Password Access/,
    );
  });

  it('serialises without the cause (it may hold request headers)', () => {
    const error = createError(
      'EITGLUE_SERVER',
      { where: 'GET /x', status: 502, summary: 'Bad Gateway' },
      {
        cause: { headers: { 'x-api-key': 'ITG.secret' } },
        status: 502,
        details: [{ status: '502', title: 'Bad Gateway' }],
      },
    );
    const json = JSON.stringify(error);
    expect(json).not.toContain('ITG.secret');
    expect(JSON.parse(json)).toMatchObject({
      code: 'EITGLUE_SERVER',
      status: 502,
      where: 'GET /x',
      hint: expect.any(String),
    });
  });
});
