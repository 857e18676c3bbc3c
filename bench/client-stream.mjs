// Streaming bench: 100,000 configurations listed through client.configurations.list().
// Targets: exactly 100 list calls (page[size]=1000), peak RSS of the client process < 200 MB.
// The emulator runs in this process; the client runs in a child so its RSS is its own.
// Prints one JSON line. Run after `tsc -b`.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEmulator } from '../packages/emulator/dist/index.js';

const RECORDS = 100_000;
const run = promisify(execFile);
const emulator = await startEmulator({ rateLimit: { requests: 3000, windowSeconds: 300 } });
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-bench-stream-'));
try {
  const [org] = await emulator.admin.insert('organizations', [{ name: 'Stream Co' }]);
  const typeId = (await emulator.admin.dump())['configuration-types'][0].id;
  const rows = Array.from({ length: RECORDS }, (_, n) => ({
    'organization-id': Number(org),
    'configuration-type-id': Number(typeId),
    name: `WS-${String(n).padStart(6, '0')}`,
    hostname: `ws-${n}.corp.example`,
    'primary-ip': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    'serial-number': `SN${n}`,
    notes: `Workstation ${n}, imaged 2026, owner desk ${n % 500}`,
  }));
  await emulator.admin.insert('configurations', rows);
  emulator.admin.resetStats();
  const worker = new URL('./client-worker.mjs', import.meta.url).pathname;
  const { stdout } = await run(process.execPath, [worker, 'stream', emulator.url, home], {
    maxBuffer: 1 << 20,
  });
  const result = JSON.parse(stdout.trim().split('\n').at(-1));
  const stats = emulator.admin.stats();
  console.log(
    JSON.stringify({
      bench: 'client-stream',
      ...result,
      emulatorRequests: stats.requests.total,
      ok:
        result.records === RECORDS &&
        result.duplicates === 0 &&
        result.listCalls === 100 &&
        result.peakRssMb < 200,
    }),
  );
} finally {
  await emulator.stop();
  fs.rmSync(home, { recursive: true, force: true });
}
