// A 429 without any hint (issue 16 point 6): IT Glue's short-term limit is unknown and its 429s carry
// no Retry-After and no X-RateLimit-* headers. The client is configured at 3000 / 300 s; the emulator
// allows 30 requests / 3 s. 150 flexible-asset creates (plus 2 setup requests: a type and its field)
// must complete with 429s < 5 % of requests, in ≤ 1.5 × the time the server's limit allows.
// "Server minimum" = all requests at the server's average rate (30 / 3 s = 10 per second).
// Prints one JSON line. Run after `npx tsc -b`; takes ~20 s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createITGlueClient } from '../packages/core/dist/index.js';
import { startEmulator } from '../packages/emulator/dist/index.js';

const CREATES = Number(process.env.N ?? 150);
// SERVER=requests/seconds tries another server limit (e.g. SERVER=20/10), for exploring only.
const [serverRequests, serverSeconds] = (process.env.SERVER ?? '30/3').split('/').map(Number);
const server = { requests: serverRequests, windowSeconds: serverSeconds };
const client = { requests: 3000, windowSeconds: 300 };

const emulator = await startEmulator({
  rateLimit: { ...server, retryAfter: 'none', headers: false },
});
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-bench-unknown-'));
let itglue;
try {
  // The organization comes in without HTTP; the type and its field go through the limiter (setup).
  const [orgId] = await emulator.admin.insert('organizations', [{ name: 'Unknown Limit Co' }]);
  emulator.admin.resetStats();
  itglue = await createITGlueClient({
    url: emulator.url,
    home,
    apiKey: 'ITG.emulator',
    env: {},
    keychain: false,
    rateLimit: client,
  });
  const started = Date.now();
  const type = await itglue.flexibleAssetTypes.create({ name: 'Bench Runbook', description: 'bench' });
  await itglue.flexibleAssetFields.create(type.id, {
    name: 'Title',
    kind: 'Text',
    required: true,
    useForTitle: true,
    showInList: true,
  });
  const results = await Promise.allSettled(
    Array.from({ length: CREATES }, (_, n) =>
      itglue.flexibleAssets.create(
        { organizationId: orgId, flexibleAssetTypeId: type.id, traits: { title: `Runbook ${n}` } },
        { priority: 'bulk' },
      ),
    ),
  );
  const durationMs = Date.now() - started;
  const budget = (await itglue.stats()).budget;
  const stats = emulator.admin.stats();
  const completed = results.filter((r) => r.status === 'fulfilled').length;
  const setupRequests = 2;
  const serverMinimumMs = ((CREATES + setupRequests) / (server.requests / server.windowSeconds)) * 1000;
  const share = stats.rateLimited / stats.requests.total;
  const ratio = durationMs / serverMinimumMs;
  console.log(
    JSON.stringify({
      bench: 'unknown-limit',
      case: `hintless-429-${server.requests}-per-${server.windowSeconds}s`,
      server,
      client,
      creates: CREATES,
      completed,
      failed: CREATES - completed,
      httpRequests: stats.requests.total,
      rateLimited: stats.rateLimited,
      rateLimitedShare: Math.round(share * 10000) / 10000,
      maxInWindow: stats.maxInWindow,
      durationMs,
      serverMinimumMs: Math.round(serverMinimumMs),
      ratio: Math.round(ratio * 100) / 100,
      learnedLimit: budget.learnedLimit,
      throttles: budget.throttles,
      ok: completed === CREATES && share < 0.05 && ratio <= 1.5,
    }),
  );
  if (completed < CREATES) {
    const first = results.find((r) => r.status === 'rejected');
    console.error(`first failure: ${first?.reason?.code ?? ''} ${first?.reason?.message ?? first?.reason}`);
  }
} finally {
  await itglue?.close();
  await emulator.stop();
  fs.rmSync(home, { recursive: true, force: true });
}
