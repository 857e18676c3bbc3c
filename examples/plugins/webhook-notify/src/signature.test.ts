import { describe, expect, it } from '@jest/globals';
import { sign, verifySignature } from './signature.js';

describe('signature', () => {
  it('is sha256=<hex HMAC-SHA256 of the body> (RFC 4231-style known vector)', () => {
    expect(sign('The quick brown fox jumps over the lazy dog', 'key')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('verifies the right body and secret only', () => {
    const header = sign('{"a":1}', 's3cret');
    expect(verifySignature('{"a":1}', header, 's3cret')).toBe(true);
    expect(verifySignature('{"a":2}', header, 's3cret')).toBe(false);
    expect(verifySignature('{"a":1}', header, 'other')).toBe(false);
    expect(verifySignature('{"a":1}', undefined, 's3cret')).toBe(false);
    expect(verifySignature('{"a":1}', 'sha256=short', 's3cret')).toBe(false);
  });
});
