// Worker process for the client benches: runs one job with its own @glueflow/core client and prints
// one JSON line. Modes:
//   node bench/client-worker.mjs gets   <url> <home> <count> <requests> <windowSeconds> <orgId>
//   node bench/client-worker.mjs stream <url> <home>
import { createITGlueClient } from '../packages/core/dist/index.js';

const [mode, url, home, ...rest] = process.argv.slice(2);
const started = Date.now();

if (mode === 'gets') {
  const [count, requests, windowSeconds, orgId] = rest.map(Number);
  const client = await createITGlueClient({
    url,
    home,
    apiKey: 'ITG.emulator',
    env: {},
    keychain: false,
    rateLimit: { requests, windowSeconds },
  });
  await Promise.all(
    Array.from({ length: count }, () => client.organizations.get(orgId, { priority: 'bulk' })),
  );
  const { metrics } = await client.stats();
  await client.close();
  console.log(
    JSON.stringify({
      pid: process.pid,
      durationMs: Date.now() - started,
      requests: metrics.requests,
      rateLimited: metrics.rateLimited,
    }),
  );
} else if (mode === 'stream') {
  let listCalls = 0;
  let peakRss = process.memoryUsage().rss;
  const client = await createITGlueClient({
    url,
    home,
    apiKey: 'ITG.emulator',
    env: {},
    keychain: false,
    hooks: {
      onRequest: (event) => {
        if (event.path.startsWith('/configurations')) listCalls++;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      },
    },
  });
  let records = 0;
  // A bitmap over the (numeric) ids proves nothing repeats without adding a 100k-entry Set to the RSS.
  const seen = new Uint8Array(4_000_000);
  let duplicates = 0;
  for await (const configuration of client.configurations.list()) {
    records++;
    const id = Number(configuration.id);
    if (seen[id]) duplicates++;
    seen[id] = 1;
    if (records % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  await client.close();
  const maxRssKb = process.resourceUsage().maxRSS;
  console.log(
    JSON.stringify({
      records,
      duplicates,
      listCalls,
      durationMs: Date.now() - started,
      peakRssMb: Math.round(Math.max(peakRss, maxRssKb * 1024) / 1024 / 1024),
    }),
  );
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(64);
}
