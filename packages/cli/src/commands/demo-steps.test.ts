/** The demo's "✓ exactly what the plan said" is true only when the apply's counts are the plan's. */
import { describe, expect, it } from '@jest/globals';
import type { ItemCounts, Plan, PlanEntry } from '@glueflow/core';
import { planDrift } from './demo-steps.js';

const counts = (some: Partial<ItemCounts>): ItemCounts => ({
  created: 0,
  recreated: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  failed: 0,
  updatedAgain: 0,
  ...some,
});

const entry = (sourceKey: string, action: PlanEntry['action'], more: Partial<PlanEntry> = {}): PlanEntry => ({
  plugin: 'markdown',
  step: 'markdown.import',
  sourceKey,
  action,
  request: { sourceKey, resourceType: 'flexible_assets', naturalKey: { name: sourceKey }, attributes: {} },
  changes: [],
  warnings: [],
  ...more,
});

const plan = (entries: PlanEntry[], itemCounts?: ItemCounts): Plan => ({
  format: 'glueflow-plan',
  version: 1,
  pipeline: 'runbooks',
  instance: 'default',
  createdAt: '2026-01-01T00:00:00.000Z',
  entries,
  ...(itemCounts ? { counts: itemCounts } : {}),
});

const files = ['a.md', 'b.md', 'c.md', 'd.md', 'e.md'];
const creates = files.map((file) => entry(file, 'create'));

describe('planDrift', () => {
  it('reports an apply whose counts differ from the plan’s, even when each record’s first write matches', () => {
    // The old report: "5 to create" planned, "5 created, 3 updated" applied, next to "✓ exactly".
    const planned = plan(creates);
    const done = plan(
      [...creates, ...files.slice(0, 3).map((file) => entry(file, 'update'))],
      counts({ created: 5, updated: 3 }),
    );
    expect(planDrift(planned, done)).toBe('updated: planned 0, done 3');
  });

  it('accepts the follow-up writes the plan announced, up to the number it gave', () => {
    const planned = plan(creates, counts({ created: 5, updatedAgain: 3 }));
    expect(planDrift(planned, plan(creates, counts({ created: 5, updatedAgain: 3 })))).toBeUndefined();
    expect(planDrift(planned, plan(creates, counts({ created: 5, updatedAgain: 2 })))).toBeUndefined();
    expect(planDrift(planned, plan(creates, counts({ created: 5, updatedAgain: 4 })))).toBe(
      'updated again: planned up to 3, done 4',
    );
  });

  it('counts the items a step skipped without a plan entry (a PSA company out of scope)', () => {
    const done = plan(creates, counts({ created: 5, skipped: 2 }));
    expect(planDrift(plan(creates, counts({ created: 5, skipped: 2 })), done)).toBeUndefined();
    // A plan file without counts (an older glueflow) is tallied from its entries: the skips are missing.
    expect(planDrift(plan(creates), done)).toBe('skipped: planned 0, done 2');
  });
});
