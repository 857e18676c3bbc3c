/** A run's status is the one statement the exit code follows: every item failed is `failed`, not `partial`. */
import { describe, expect, it } from '@jest/globals';
import type { ItemCounts, StepResult } from './hook-types.js';
import { emptyCounts, runStatus } from './run-summary.js';

const step = (status: StepResult['status'], counts: Partial<ItemCounts>): StepResult => ({
  status,
  counts: { ...emptyCounts(), ...counts },
  messages: [],
  durationMs: 1,
});

describe('runStatus', () => {
  it('every item failed and none went through: failed (exit 1), as the CLI says', () => {
    expect(runStatus([step('partial', { failed: 2 })], false)).toBe('failed');
  });
  it('some failed, some went through (also skipped ones): partial (exit 2)', () => {
    expect(runStatus([step('partial', { failed: 1, created: 3 })], false)).toBe('partial');
    expect(runStatus([step('partial', { failed: 1, skipped: 1 })], false)).toBe('partial');
  });
  it('a step that failed outright after others wrote: partial; before any work: failed', () => {
    expect(runStatus([step('ok', { updated: 1 }), step('failed', {})], false)).toBe('partial');
    expect(runStatus([step('failed', {})], false)).toBe('failed');
    expect(runStatus([step('ok', { unchanged: 4 })], true)).toBe('partial');
  });
  it('nothing failed: ok', () => {
    expect(runStatus([step('ok', { created: 1 }), step('ok', {})], false)).toBe('ok');
  });
});
