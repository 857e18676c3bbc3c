import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { sign, verifySignature } from './signature.js';

const T = 1_780_000_000; // seconds
const at = (seconds: number) => ({ now: seconds * 1000 });

describe('signature', () => {
  it('is sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">', () => {
    const expected = createHmac('sha256', 'key').update(`${T}.{"a":1}`).digest('hex');
    expect(sign('{"a":1}', 'key', T)).toBe(`sha256=${expected}`);
  });

  it('verifies the right body, secret and timestamp only', () => {
    const signature = sign('{"a":1}', 's3cret', T);
    const ok = { signature, timestamp: String(T) };
    expect(verifySignature('{"a":1}', ok, 's3cret', at(T + 10))).toBe(true);
    expect(verifySignature('{"a":2}', ok, 's3cret', at(T))).toBe(false);
    expect(verifySignature('{"a":1}', ok, 'other', at(T))).toBe(false);
    expect(verifySignature('{"a":1}', { signature, timestamp: String(T + 1) }, 's3cret', at(T))).toBe(false);
    expect(verifySignature('{"a":1}', { signature: undefined, timestamp: String(T) }, 's3cret', at(T))).toBe(
      false,
    );
    expect(
      verifySignature('{"a":1}', { signature: 'sha256=short', timestamp: String(T) }, 's3cret', at(T)),
    ).toBe(false);
  });

  it('refuses a replay: a request signed more than five minutes ago (or ahead) does not verify', () => {
    const captured = { signature: sign('{"a":1}', 's3cret', T), timestamp: String(T) };
    expect(verifySignature('{"a":1}', captured, 's3cret', at(T + 299))).toBe(true);
    expect(verifySignature('{"a":1}', captured, 's3cret', at(T + 301))).toBe(false);
    expect(verifySignature('{"a":1}', captured, 's3cret', at(T - 301))).toBe(false);
    expect(verifySignature('{"a":1}', { ...captured, timestamp: 'x1' }, 's3cret', at(T))).toBe(false);
  });
});
