// Rate budget efficiency against the emulator's sliding-window limiter. Prints one JSON line per case.
//   A  emulator 200 / 10 s, client told the same, 1,000 GETs        → ≥ 95 % of the allowed rate, 0 × 429
//   B  as A with 300 ms latency on every response (only concurrency can hide it)
//   C  client told 3000 / 300 s, emulator allows 100 / 10 s, 1,000 GETs → completes, 429s < 5 %
// "Allowed rate" = requests / windowSeconds; achieved = GETs / wall time. Each client runs in its own
// process (bench/client-worker.mjs) with a fresh GLUEFLOW_HOME. Run after `tsc -b`; takes ~4 minutes.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEmulator } from '../packages/emulator/dist/index.js';

const run = promisify(execFile);
const worker = new URL('./client-worker.mjs', import.meta.url).pathname;
const only = process.argv[2];

const cases = [
  {
    name: 'A-same-limit',
    server: { requests: 200, windowSeconds: 10 },
    client: { requests: 200, windowSeconds: 10 },
    latencyMs: 0,
  },
  {
    name: 'B-same-limit-300ms',
    server: { requests: 200, windowSeconds: 10 },
    client: { requests: 200, windowSeconds: 10 },
    latencyMs: 300,
  },
  {
    name: 'C-client-overestimates',
    server: { requests: 100, windowSeconds: 10 },
    client: { requests: 3000, windowSeconds: 300 },
    latencyMs: 0,
  },
];

for (const c of cases.filter((c) => !only || c.name.startsWith(only))) {
  const GETS = 1000;
  const emulator = await startEmulator({
    rateLimit: { ...c.server, retryAfter: 'seconds' },
    latencyMs: c.latencyMs,
  });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-bench-budget-'));
  try {
    const [orgId] = await emulator.admin.insert('organizations', [{ name: 'Budget Co' }]);
    emulator.admin.resetStats();
    const args = [
      worker,
      'gets',
      emulator.url,
      home,
      GETS,
      c.client.requests,
      c.client.windowSeconds,
      orgId,
    ].map(String);
    const { stdout } = await run(process.execPath, args, { maxBuffer: 1 << 20 });
    const client = JSON.parse(stdout.trim().split('\n').at(-1));
    const stats = emulator.admin.stats();
    const allowedRatePerSec = c.server.requests / c.server.windowSeconds;
    const achievedRatePerSec = GETS / (client.durationMs / 1000);
    const rateLimitedShare = stats.rateLimited / stats.requests.total;
    console.log(
      JSON.stringify({
        bench: 'client-budget',
        case: c.name,
        gets: GETS,
        server: c.server,
        client: c.client,
        latencyMs: c.latencyMs,
        durationMs: client.durationMs,
        allowedRatePerSec,
        achievedRatePerSec: Math.round(achievedRatePerSec * 100) / 100,
        rateRatio: Math.round((achievedRatePerSec / allowedRatePerSec) * 1000) / 1000,
        httpRequests: stats.requests.total,
        rateLimited: stats.rateLimited,
        rateLimitedShare: Math.round(rateLimitedShare * 10000) / 10000,
        maxInWindow: stats.maxInWindow,
        ok:
          c.name === 'C-client-overestimates'
            ? rateLimitedShare < 0.05
            : stats.rateLimited === 0 &&
              achievedRatePerSec >= 0.95 * allowedRatePerSec &&
              stats.maxInWindow <= c.server.requests,
      }),
    );
  } finally {
    await emulator.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
