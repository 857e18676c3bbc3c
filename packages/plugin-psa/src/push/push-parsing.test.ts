/**
 * The pieces of the receivers that decide alone: the URI HubSpot signs, the header checks before the
 * HMAC, what counts as a company event or a Company callback, and the `push:` options at load time.
 */
import { describe, expect, it } from '@jest/globals';
import type { PluginRouteRequest } from '@glueflow/core';
import { signWebhook } from '../__fixtures__/fake-hubspot.js';
import { syncStepSchema } from '../sync/options.js';
import { companyIdOf } from './connectwise-receiver.js';
import { companyEventsOf } from './hubspot-receiver.js';
import { readSignature, signatureMatches, signedUri } from './hubspot-signature.js';

const request = (
  headers: Record<string, string>,
  rawBody = '[]',
  url = '/hooks/psa/hubspot',
): PluginRouteRequest => ({
  method: 'POST',
  url,
  params: {},
  query: {},
  headers,
  rawBody,
  body: JSON.parse(rawBody) as unknown,
});

describe('HubSpot signature v3', () => {
  it('signs the public URL plus the path and query serve received, with HubSpot’s listed characters decoded', () => {
    expect(signedUri('https://hooks.msp.example/', '/hooks/psa/hubspot?a=%3A%2F%40&b=%20x')).toBe(
      'https://hooks.msp.example/hooks/psa/hubspot?a=:/@&b=%20x',
    );
    expect(signedUri('https://msp.example/glueflow', '/hooks/psa/hubspot')).toBe(
      'https://msp.example/glueflow/hooks/psa/hubspot',
    );
  });

  it('checks the headers before any HMAC, and then compares the HMAC of the secret', () => {
    const now = Date.now();
    const uri = 'https://h.example/hooks/psa/hubspot';
    const good = signWebhook('s3cret', { uri, body: '[]', timestamp: now });
    const check = readSignature(request(good), 'https://h.example', now);
    expect(check.ok && signatureMatches(check, 's3cret')).toBe(true);
    expect(check.ok && signatureMatches(check, 's3cret ')).toBe(false);
    const reason = (headers: Record<string, string>) => {
      const result = readSignature(request(headers), 'https://h.example', now);
      return result.ok ? 'ok' : result.reason;
    };
    expect(reason({ 'x-hubspot-signature': 'abc', 'x-hubspot-signature-version': 'v2' })).toMatch(/v1\/v2/);
    expect(reason({ ...good, 'x-hubspot-request-timestamp': '12e5' })).toMatch(/Timestamp/);
    expect(reason({ ...good, 'x-hubspot-request-timestamp': String(now - 300_001) })).toMatch(/older/);
    expect(reason({ ...good, 'x-hubspot-request-timestamp': String(now - 299_000) })).toBe('ok');
    expect(reason({ ...good, 'x-hubspot-signature-v3': Buffer.alloc(31).toString('base64') })).toMatch(
      /base64/,
    );
  });
});

describe('what a delivery names', () => {
  it('takes company.* object ids (numbers or digit strings), ignores other objects, flags unknown shapes', () => {
    expect(
      companyEventsOf([
        { subscriptionType: 'company.propertyChange', objectId: 101, portalId: 7 },
        { subscriptionType: 'company.creation', objectId: '102' },
        { subscriptionType: 'contact.creation', objectId: 5 },
      ]),
    ).toEqual({
      companies: [
        { id: '101', portalId: '7' },
        { id: '102', portalId: undefined },
      ],
    });
    expect(companyEventsOf([{ subscriptionType: 'company.deletion', objectId: '-1' }, null, 'x'])).toEqual({
      companies: [],
      problem: '3 event(s) of unknown shape',
    });
    expect(companyEventsOf({ events: [] }).problem).toBe('not a JSON array of events');
    expect(companyEventsOf([{ subscriptionType: 'company.merge', objectId: 2 ** 60 }]).companies).toEqual([]);
  });

  it('takes the ID of a Company callback and never its Entity', () => {
    expect(companyIdOf({ Action: 'updated', Type: 'company', ID: 250, Entity: '{"id":1}' })).toBe('250');
    expect(companyIdOf({ Action: 'Deleted', Type: 'Company', ID: '251' })).toBe('251');
    expect(companyIdOf({ Action: 'updated', Type: 'ticket', ID: 1 })).toEqual({
      problem: 'not a Company callback (Type ticket)',
    });
    expect(companyIdOf({ Action: 'updated', Type: 'company', ID: '1) or (1=1' })).toEqual({
      problem: 'no usable company ID',
    });
    expect(companyIdOf([])).toEqual({ problem: 'not a ConnectWise callback object' });
  });
});

describe('push: options', () => {
  it('take secrets only as references, and each kind only with its provider', () => {
    const parsed = syncStepSchema.safeParse({
      provider: 'connectwise',
      push: { hubspot: { appSecret: { env: 'HS_APP_SECRET' } } },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['push.hubspot', 'push.hubspot needs provider hubspot, not connectwise'],
    ]);
    const literal = syncStepSchema.safeParse({ push: { connectwise: { token: 'abc-literal-token' } } });
    expect(JSON.stringify(literal.error?.issues)).not.toContain('abc-literal-token');
    expect(literal.success).toBe(false);
    expect(JSON.stringify(literal.error?.issues)).toContain('literal secret in config');
    expect(
      syncStepSchema.safeParse({ push: { hubspot: { appSecret: { env: 'X' }, portalId: 62515 } } }).success,
    ).toBe(true);
  });
});
