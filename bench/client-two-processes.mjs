// Two glueflow processes sharing one API key (and one GLUEFLOW_HOME) against an emulator allowing
// 100 requests / 10 s: together they must never exceed the limit (emulator maxInWindow ≤ 100, no 429).
// Prints one JSON line. Run after `tsc -b`; takes ~30 s.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEmulator } from '../packages/emulator/dist/index.js';

const run = promisify(execFile);
const worker = new URL('./client-worker.mjs', import.meta.url).pathname;
const LIMIT = { requests: 100, windowSeconds: 10 };
const PER_PROCESS = 200;

const emulator = await startEmulator({ rateLimit: { ...LIMIT, retryAfter: 'seconds' } });
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-bench-two-'));
try {
  const [orgId] = await emulator.admin.insert('organizations', [{ name: 'Shared Key Co' }]);
  emulator.admin.resetStats();
  const started = Date.now();
  const args = [
    worker,
    'gets',
    emulator.url,
    home,
    PER_PROCESS,
    LIMIT.requests,
    LIMIT.windowSeconds,
    orgId,
  ].map(String);
  const results = await Promise.all([run(process.execPath, args), run(process.execPath, args)]);
  const workers = results.map(({ stdout }) => JSON.parse(stdout.trim().split('\n').at(-1)));
  const stats = emulator.admin.stats();
  console.log(
    JSON.stringify({
      bench: 'client-two-processes',
      limit: LIMIT,
      processes: workers.length,
      getsPerProcess: PER_PROCESS,
      durationMs: Date.now() - started,
      workers,
      httpRequests: stats.requests.total,
      rateLimited: stats.rateLimited,
      maxInWindow: stats.maxInWindow,
      ok: stats.maxInWindow <= LIMIT.requests && stats.rateLimited === 0,
    }),
  );
} finally {
  await emulator.stop();
  fs.rmSync(home, { recursive: true, force: true });
}
