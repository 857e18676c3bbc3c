/**
 * The batches of a split run (`pipelineLock: false`) hold no pipeline lock, so each item is written
 * under a lock of its own: a second run writing the same item waits until the first one's write is
 * done — and then finds it written — instead of writing beside it.
 */
import { afterEach, expect, it } from '@jest/globals';
import { createTestEngine, waitFor } from './index.js';
import type { TestEngine } from './index.js';
import { orgPlugin } from './__fixtures__/org-plugin.js';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

it('two lock-less batches writing the same item: the second waits for the first, then finds it written', async () => {
  t = await createTestEngine({
    plugins: [orgPlugin],
    pipelines: { sync: [{ step: 'orgs.sync', with: { companies: [{ key: 'x', name: 'Item Lock Co' }] } }] },
  });
  let release = () => undefined as void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let writes = 0;
  t.runtime.engine.hooks.beforeWrite.tapPromise('test:hold', async (write) => {
    writes++;
    if (writes === 1) await held; // the first batch keeps its item lock while its write is held here
    return write;
  });
  const batch = () => t!.runtime.run('sync', { targets: { 0: ['x'] }, pipelineLock: false, history: false });
  const first = batch();
  await waitFor(() => writes === 1, 'the first write');
  const second = batch();
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(writes).toBe(1); // the second batch waits for the item's lock, not beside the first write
  release();
  const [a, b] = await Promise.all([first, second]);
  expect(a.summary.counts).toMatchObject({ created: 1 });
  expect(b.summary.counts).toMatchObject({ created: 0, unchanged: 1 });
  const names = ((await t.admin.dump()).organizations ?? []).map((o) => o.attributes.name);
  expect(names.filter((n) => n === 'Item Lock Co')).toHaveLength(1);
});
