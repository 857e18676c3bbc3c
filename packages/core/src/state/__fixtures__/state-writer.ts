/**
 * A second process for the concurrency and crash tests:
 *   state-writer.ts <file> <plugin> <count> write <startAt> — from `startAt` (epoch ms, so both writers
 *     start together): `count` journaled creates and shared-counter bumps; prints {"start","end"}
 *   state-writer.ts <file> <plugin> 0 crash-mid-transaction — hangs inside an open transaction
 *   state-writer.ts <file> <plugin> 0 crash-after-begin     — hangs after journaling an intent
 */
import { StateStore } from '../state-store.js';

const [file, plugin, countText, mode, startAt] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string?,
];
const store = await StateStore.open({ file, busyTimeoutMs: 50, lockTimeoutMs: 60_000 });
const state = store.forPlugin(plugin);
const shared = store.forPlugin('shared');

if (mode === 'write') {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
  const start = Date.now();
  for (let i = 0; i < Number(countText); i++) {
    const journalId = await state.journal.begin({
      sourceKey: `item-${i}`,
      resourceType: 'configurations',
      naturalKey: { name: `${plugin}-${i}` },
      payloadHash: `hash-${i}`,
    });
    await state.journal.complete(journalId, `${plugin}-${i}`, { contentHash: `c${i}`, updatedAt: 'now' });
    // Read-modify-write of one shared value: only serialised transactions keep every increment.
    await shared.atomic(async () => {
      const count = (await shared.bookmarks.get<number>('counter')) ?? 0;
      await shared.bookmarks.set('counter', count + 1);
    });
  }
  await store.close();
  process.stdout.write(`${JSON.stringify({ start, end: Date.now() })}\n`);
} else if (mode === 'crash-mid-transaction') {
  await state.atomic(async () => {
    await state.mappings.set('half-written', { resourceType: 'organizations', id: '1', contentHash: 'h' });
    await state.bookmarks.set('cursor', 42);
    process.stdout.write('inside\n');
    await new Promise(() => undefined); // killed here, before COMMIT
  });
} else if (mode === 'crash-after-begin') {
  await state.journal.begin({
    sourceKey: 'doc.md',
    resourceType: 'documents',
    naturalKey: { name: 'Runbook' },
    payloadHash: 'p1',
  });
  process.stdout.write('begun\n');
  await new Promise(() => undefined); // killed while the create would be in flight
}
