import { describe, expect, it } from '@jest/globals';
import { payloadOf, withoutSecrets } from './payload.js';

describe('payload', () => {
  it('drops values under secret keys at any depth and keeps metadata about them', () => {
    const event = {
      id: 'e1',
      instance: 'default',
      record: {
        id: '7',
        name: 'Admin',
        password: 'hunter2',
        otpSecret: 'JBSWY3DP',
        passwordUpdatedAt: '2026-01-01T00:00:00Z',
        nested: [{ apiKey: 'k', api_key: 'k', accessToken: 't', clientSecret: 'c', privateKey: 'p', ok: 1 }],
      },
      before: { credentials: { user: 'u' }, name: 'Old' },
    };
    expect(withoutSecrets(event)).toEqual({
      id: 'e1',
      instance: 'default',
      record: { id: '7', name: 'Admin', passwordUpdatedAt: '2026-01-01T00:00:00Z', nested: [{ ok: 1 }] },
      before: { name: 'Old' },
    });
    const body = JSON.stringify(payloadOf('onPasswordRotated', event));
    for (const secret of ['hunter2', 'JBSWY3DP', '"k"', '"t"', '"c"', '"p"'])
      expect(body).not.toContain(secret);
    expect(JSON.parse(body)).toMatchObject({ id: 'e1', hook: 'onPasswordRotated', instance: 'default' });
  });
});

describe('password events', () => {
  it('never carry notes, at any depth (people paste PINs there); other events keep theirs', () => {
    const event = {
      id: 'e1',
      instance: 'default',
      record: { name: 'Wi-Fi', notes: 'PIN 4471' },
      before: { notes: 'old PIN' },
      after: { notes: 'PIN 4471', nested: [{ notes: 'x' }] },
    };
    expect(JSON.stringify(payloadOf('onPasswordRotated', event))).not.toMatch(/notes|PIN/);
    expect(JSON.stringify(payloadOf('onOrganizationUpdated', event))).toContain('"notes":"PIN 4471"');
  });
});
