/**
 * Reliability: IT Glue's real limit is lower than configured (another integration shares the key, or
 * the account is throttled). The run still completes, and the shared budget learns the limit from the
 * 429s so fewer than 5 % of requests are refused.
 */
import { afterEach, expect, it } from '@jest/globals';
import { createTestEngine } from '../index.js';
import type { TestEngine } from '../index.js';
import { orgPlugin } from '../__fixtures__/org-plugin.js';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

it('a limit of 60 requests / 5 s against a configured 3000 / 300 s: completes with < 5 % 429s', async () => {
  t = await createTestEngine({
    plugins: [orgPlugin],
    emulator: { rateLimit: { requests: 60, windowSeconds: 5 } },
  });
  const companies = Array.from({ length: 200 }, (_, i) => ({ key: `r${i}`, name: `Rate Co ${i}` }));
  const summary = await t.runStep('orgs.sync', { companies });
  expect(summary.counts).toMatchObject({ created: 200, failed: 0 });
  const stats = t.admin.stats();
  const share = stats.rateLimited / stats.requests.total;
  process.stdout.write(
    `${JSON.stringify({ scenario: 'limit-lower-than-configured', requests: stats.requests.total, rateLimited: stats.rateLimited, share })}\n`,
  );
  expect(share).toBeLessThan(0.05);
}, 180_000);
