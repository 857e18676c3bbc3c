// Emulator list bench: 100,000 configurations listed over HTTP in pages of 1000.
// Prints one JSON line; target: medianPageMs < 50. Run after `tsc -b`.
/* global fetch */
import { performance } from 'node:perf_hooks';
import { startEmulator } from '../packages/emulator/dist/index.js';

const RECORDS = 100_000;
const PAGE_SIZE = 1000;

const emulator = await startEmulator({ rateLimit: { requests: 1_000_000, windowSeconds: 300 } });
try {
  const [org] = await emulator.admin.insert('organizations', [{ name: 'Bench Co' }]);
  const state = await emulator.admin.dump();
  const typeId = state['configuration-types'][0].id;
  const rows = Array.from({ length: RECORDS }, (_, n) => ({
    'organization-id': Number(org),
    name: `BENCH-WS-${String(n).padStart(6, '0')}`,
    hostname: `bench-ws-${n}`,
    'primary-ip': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    'serial-number': `SN${n}`,
    'configuration-type-id': Number(typeId),
  }));
  const insertStarted = performance.now();
  await emulator.admin.insert('configurations', rows);
  const insertMs = performance.now() - insertStarted;

  const timings = [];
  let seen = 0;
  let path = `/configurations?page[size]=${PAGE_SIZE}&page[number]=1`;
  while (path) {
    const started = performance.now();
    const response = await fetch(`${emulator.url}${path}`, { headers: { 'x-api-key': 'ITG.emulator' } });
    const body = await response.json();
    timings.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`page failed: ${response.status}`);
    seen += body.data.length;
    path = body.links.next ? new URL(body.links.next).pathname + new URL(body.links.next).search : null;
  }
  if (seen !== RECORDS) throw new Error(`listed ${seen} of ${RECORDS}`);
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (ms) => Math.round(ms * 10) / 10;
  console.log(
    JSON.stringify({
      bench: 'emulator-list',
      records: RECORDS,
      pages: timings.length,
      medianPageMs: round(at(0.5)),
      p95PageMs: round(at(0.95)),
      insertMs: Math.round(insertMs),
    }),
  );
} finally {
  await emulator.stop();
}
