import { describe, expect, it } from '@jest/globals';
import { DURATION_PATTERN, parseDurationMs } from './duration.js';

describe('durations', () => {
  it('reads ms, s, m and h; a bare number only with a unit for it', () => {
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs(' 1.5s ')).toBe(1500);
    expect(parseDurationMs('5m')).toBe(300_000);
    expect(parseDurationMs('1h')).toBe(3_600_000);
    expect(parseDurationMs('90')).toBeUndefined();
    expect(parseDurationMs('90', 's')).toBe(90_000);
    expect(parseDurationMs('5 min')).toBeUndefined();
    expect(DURATION_PATTERN.test('30s')).toBe(true);
    expect(DURATION_PATTERN.test('30')).toBe(false);
  });
});
