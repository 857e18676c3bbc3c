/**
 * Reliability: every fault kind of the emulator at 3 % (5xx, 504 gateway, resets, slow answers,
 * commit-then-fail writes, 429 bursts with and without Retry-After) while a pipeline writes organizations,
 * flexible assets, attachments and documents. The final IT Glue state must equal a fault-free run's:
 * zero duplicates, zero lost items. Part of `pnpm test:reliability` (and of the main suite).
 */
import { afterEach, expect, it } from '@jest/globals';
import { createTestEngine } from '../index.js';
import type { TestEngine } from '../index.js';
import { orgPlugin } from '../__fixtures__/org-plugin.js';

const STORM =
  '500:0.03,502:0.03,503:0.03,504:0.03,reset:0.03,slow:0.03,commit-then-fail:0.03,429:0.03,slowMs=150';
const COMPANIES = Array.from({ length: 150 }, (_, i) => ({ key: `c${i}`, name: `Storm Co ${i}` }));
const RUNBOOKS = ['Backup', 'Firewall', 'Onboarding', 'Offboarding', 'Printers'];

let engines: TestEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.map((e) => e.close()));
  engines = [];
});

/** Names per type as IT Glue holds them — the state to compare. */
async function finalState(t: TestEngine): Promise<Record<string, string[]>> {
  const dump = await t.admin.dump();
  const names = (type: string) =>
    (dump[type] ?? [])
      .map((r) => String(r.attributes.name ?? r.attributes['attachment-file-name'] ?? r.attributes.content))
      .sort();
  return {
    organizations: names('organizations'),
    'flexible-assets': names('flexible-assets'),
    documents: names('documents'),
    attachments: names('attachments'),
    'flexible-asset-types': names('flexible-asset-types'),
    sections: names('document-sections'),
  };
}

async function runAll(t: TestEngine): Promise<void> {
  await t.runStep('orgs.sync', { companies: COMPANIES });
  for (const title of RUNBOOKS)
    await t.runStep('orgs.runbook', {
      organization: 'Storm Co 7',
      title,
      body: `How to ${title.toLowerCase()}.`,
    });
}

it('a fault storm at 3 % of every kind ends in the same IT Glue state as a fault-free run', async () => {
  const calm = await createTestEngine({ plugins: [orgPlugin] });
  const storm = await createTestEngine({ plugins: [orgPlugin], emulator: { faults: STORM, seed: 11 } });
  engines = [calm, storm];
  await runAll(calm);
  // A storm may leave items failed after retries run out; the next scheduled run picks them up.
  await runAll(storm);
  await runAll(storm);
  const expected = await finalState(calm);
  const actual = await finalState(storm);
  expect(actual).toEqual(expected);
  expect(new Set(actual.organizations).size).toBe(COMPANIES.length);
  const injected = storm.admin.stats().faultsInjected;
  for (const kind of ['500', '502', '503', '504', 'reset', 'slow', 'commit-then-fail', '429'] as const)
    expect(injected[kind]).toBeGreaterThan(0);
}, 120_000);
