import { expect, it } from '@jest/globals';
import { isPsaLocked, splitPsaWritable } from './psa-lock.js';

it('IT Glue’s PSA sync owns enabled records and synced contacts; disabled, orphaned and untouched ones are free', () => {
  expect(isPsaLocked({ psaIntegration: 'enabled' })).toBe(true);
  expect(isPsaLocked({ psaIntegration: null, syncActive: true })).toBe(true);
  expect(isPsaLocked({ psaIntegration: 'Disabled' })).toBe(false);
  expect(isPsaLocked({ psaIntegration: 'orphaned', syncActive: false })).toBe(false);
  expect(isPsaLocked({ psaIntegration: null })).toBe(false);
  expect(isPsaLocked({})).toBe(false);
  // A status nobody documented: withhold the write rather than collect a 422 on every run.
  expect(isPsaLocked({ psaIntegration: 'paused' })).toBe(true);
});

it('splits a write into what a synced record accepts and what IT Glue would refuse', () => {
  expect(splitPsaWritable('organizations', { name: 'A', quickNotes: 'q', alert: null })).toEqual({
    writable: { quickNotes: 'q', alert: null },
    withheld: ['name'],
  });
  expect(splitPsaWritable('contacts', { firstName: 'Dana' })).toEqual({
    writable: {},
    withheld: ['firstName'],
  });
  expect(
    splitPsaWritable('configurations', { notes: 'n', hostname: 'h', mitpEndOfLifeDate: '2030-01-01' }),
  ).toEqual({
    writable: { notes: 'n', mitpEndOfLifeDate: '2030-01-01' },
    withheld: ['hostname'],
  });
});
