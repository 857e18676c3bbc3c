/** A run's status is the one statement the exit code follows: every item failed is `failed`, not `partial`. */
import { describe, expect, it } from '@jest/globals';
import type { ItemCounts, RunSummary, StepResult } from './hook-types.js';
import { emptyCounts, mergeSummaries, runStatus } from './run-summary.js';

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

describe('mergeSummaries: one run from the batches several workers ran', () => {
  const part = (over: Partial<RunSummary>): RunSummary => ({
    pipeline: 'nightly',
    dryRun: false,
    status: 'ok',
    counts: { ...emptyCounts(), created: 2 },
    requests: { total: 3, retries: 1, rateLimited: 0 },
    warnings: [
      {
        code: 'EITGLUE_ODD_ATTRIBUTE',
        type: 'logs',
        attribute: 'x',
        expected: 'string',
        found: 'number',
        count: 1,
      },
    ],
    events: { onDocumentCreated: 2 },
    messages: [],
    listenerFailures: [],
    durationMs: 10,
    ...over,
  });

  it('adds counts, requests, events and warnings; ok when every part is', () => {
    const merged = mergeSummaries(
      'nightly',
      [part({}), part({ counts: { ...emptyCounts(), unchanged: 5 } })],
      99,
    );
    expect(merged).toMatchObject({
      status: 'ok',
      counts: { created: 2, unchanged: 5, failed: 0 },
      requests: { total: 6, retries: 2, rateLimited: 0 },
      events: { onDocumentCreated: 4 },
      durationMs: 99,
    });
    expect(merged.warnings).toEqual([expect.objectContaining({ attribute: 'x', count: 2 })]);
  });

  it('counts the items of a batch that never reported as failed, with one message: partial', () => {
    const merged = mergeSummaries('nightly', [part({})], 5, {
      items: 25,
      reason: '1 batch of 25 items failed',
    });
    expect(merged.status).toBe('partial');
    expect(merged.counts.failed).toBe(25);
    expect(merged.messages).toEqual([{ severity: 'error', reason: '1 batch of 25 items failed', items: 25 }]);
  });

  it('failed when every part failed; interrupted when any part was', () => {
    const failed = part({ status: 'failed', counts: { ...emptyCounts(), failed: 3 } });
    expect(mergeSummaries('nightly', [failed, failed], 1).status).toBe('failed');
    const stopped = part({ status: 'interrupted', interrupted: { remaining: 4, stepsNotRun: [] } });
    expect(mergeSummaries('nightly', [part({}), stopped], 1)).toMatchObject({
      status: 'interrupted',
      interrupted: { remaining: 4 },
    });
  });
});
