import { describe, expect, it } from '@jest/globals';
import { maskSecrets } from './mask-secrets.js';

describe('maskSecrets', () => {
  it('masks password and OTP fields at any depth, in every spelling, keeping the keys', () => {
    const record = {
      id: '1',
      password: 'hunter2',
      'otp-secret': 'JBSWY3DP',
      included: [{ attributes: { otpSecret: 'ABC', Password: 'x', name: 'kept' } }],
      empty: { password: null },
    };
    expect(maskSecrets(record)).toEqual({
      id: '1',
      password: '[secret]',
      'otp-secret': '[secret]',
      included: [{ attributes: { otpSecret: '[secret]', Password: '[secret]', name: 'kept' } }],
      empty: { password: null },
    });
  });

  it('masks secret traits by the type’s known Password-kind keys and by secret-sounding names', () => {
    const asset = { traits: { 'wifi-code': 'abc123', 'pre-shared-key': 'p5k', ssid: 'Office' } };
    expect(maskSecrets(asset, new Set(['wifi-code']))).toEqual({
      traits: { 'wifi-code': '[secret]', 'pre-shared-key': '[secret]', ssid: 'Office' },
    });
    // Outside `traits` a key that merely sounds secret is metadata ("key-contact" is a name).
    expect(maskSecrets({ 'api-key-name': 'primary' })).toEqual({ 'api-key-name': 'primary' });
  });

  it('leaves scalars and arrays of scalars alone and stops at absurd depth', () => {
    expect(maskSecrets(['a', 1, null])).toEqual(['a', 1, null]);
    let deep: Record<string, unknown> = { password: 's' };
    for (let i = 0; i < 100; i++) deep = { next: deep };
    expect(JSON.stringify(maskSecrets(deep))).not.toContain('"s"');
  });
});
