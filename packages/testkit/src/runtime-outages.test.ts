/**
 * Outages and broken storage, end to end: an IT Glue outage opens the circuit — the run fails its items
 * cleanly (no hang, no partial duplicates) and the next run resumes; a corrupt SQLite file is a clear
 * error naming the file and the way out, and removing it recovers without duplicating anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from '@jest/globals';
import { deleteStorageFiles } from '@glueflow/core';
import { createTestEngine } from './index.js';
import type { TestEngine } from './index.js';
import { orgPlugin } from './__fixtures__/org-plugin.js';

const companies = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ key: `k${i}`, name: `Outage Co ${i}` }));

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function namesIn(engine: TestEngine): Promise<string[]> {
  return ((await engine.admin.dump()).organizations ?? [])
    .map((o) => String(o.attributes.name))
    .filter((n) => n.startsWith('Outage Co '));
}

it('an outage opens the circuit: items fail cleanly with EITGLUE_CIRCUIT_OPEN, the next run resumes', async () => {
  // The circuit stays open through the down run (a loaded machine could outlast a short half-open time and
  // let each item probe); `restart()` below opens a new client with a closed circuit.
  t = await createTestEngine({ plugins: [orgPlugin], circuitBreaker: { halfOpenAfterMs: 60_000 } });
  await t.runStep('orgs.sync', { companies: companies(4) });
  // IT Glue goes down for every write.
  t.admin.configure({
    faults: { rules: [{ kind: '503', count: 10_000, method: 'POST', path: '/organizations' }] },
  });
  const down = await t.runStep('orgs.sync', { companies: companies(30) });
  expect(down.status).not.toBe('ok');
  expect(down.counts.unchanged).toBe(4);
  expect(down.counts.failed).toBe(26);
  const codes = new Set(down.messages.map((m) => m.code));
  expect(codes.has('EITGLUE_CIRCUIT_OPEN')).toBe(true);
  for (const message of down.messages) expect(message.item).toMatch(/^k\d+$/);

  // IT Glue is back: the next run writes exactly what is missing, nothing twice.
  t.admin.configure({ faults: null });
  await t.restart();
  t.admin.resetStats();
  const up = await t.runStep('orgs.sync', { companies: companies(30) });
  expect(up.status).toBe('ok');
  expect(up.counts).toMatchObject({ created: 26, unchanged: 4, failed: 0 });
  const names = await namesIn(t);
  expect(names).toHaveLength(30);
  expect(new Set(names).size).toBe(30);
});

it('a corrupt cache file is a clear error; removing it (glueflow cache clear) recovers without duplicates', async () => {
  t = await createTestEngine({ plugins: [orgPlugin] });
  await t.runStep('orgs.sync', { companies: companies(3) });
  await t.runtime.close();
  const file = path.join(t.home, 'default.sqlite');
  await fs.promises.writeFile(file, 'this is not a database, it is a shopping list\n'.repeat(200));
  const failure = await t.restart().then(
    () => null,
    (error: unknown) => error as { code?: string; message: string; hint?: string },
  );
  expect(failure?.code).toBe('ECACHE_CORRUPT');
  expect(failure?.message).toContain(file);
  expect(failure?.hint).toMatch(/glueflow cache clear/);

  const removed = await deleteStorageFiles({ file });
  expect(removed).toContain(file);
  await t.restart();
  t.admin.resetStats();
  const summary = await t.runStep('orgs.sync', { companies: companies(3) });
  expect(summary.counts).toMatchObject({ created: 0, unchanged: 3 });
  expect(t.admin.stats().creates).toBe(0);
});
