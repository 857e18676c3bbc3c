// Metadata cache bench: 100,000 configurations pulled from the emulator through the real client,
// then lookups from the cache file. Prints one JSON line. Run after `tsc -b`.
// Targets (issue 4): refresh uses exactly 100 list calls; get by id p95 < 1 ms; name search p95 < 20 ms.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmulator } from '../packages/emulator/dist/index.js';
import { MetadataCache, clientCacheSource, createITGlueClient } from '../packages/core/dist/index.js';

const RECORDS = 100_000;
const ORGANIZATIONS = 200;
const SAMPLES = 2000;
const WORDS = ['alpha', 'bravo', 'delta', 'echo', 'kilo', 'lima', 'oscar', 'tango', 'victor', 'zulu'];

const home = await mkdtemp(path.join(os.tmpdir(), 'glueflow-bench-cache-'));
const emulator = await startEmulator({ rateLimit: { requests: 1_000_000, windowSeconds: 300 } });
let client;
let cache;
try {
  const orgs = await emulator.admin.insert(
    'organizations',
    Array.from({ length: ORGANIZATIONS }, (_, n) => ({ name: `Bench Org ${n}` })),
  );
  const typeId = (await emulator.admin.dump())['configuration-types'][0].id;
  const names = Array.from(
    { length: RECORDS },
    (_, n) => `SRV-${String(n).padStart(6, '0')}-${WORDS[n % 10]}`,
  );
  await emulator.admin.insert(
    'configurations',
    names.map((name, n) => ({
      'organization-id': Number(orgs[n % ORGANIZATIONS]),
      name,
      hostname: `srv-${n}.bench.local`,
      'primary-ip': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      'serial-number': `SN${n}`,
      'configuration-type-id': Number(typeId),
    })),
  );

  client = await createITGlueClient({
    url: emulator.url,
    apiKey: 'ITG.emulator',
    env: {},
    keychain: false,
    home,
    rateLimit: { requests: 1_000_000, windowSeconds: 300 },
  });
  cache = await MetadataCache.open({
    env: { GLUEFLOW_HOME: home },
    instance: 'bench',
    source: clientCacheSource(client),
  });

  emulator.admin.resetStats();
  const refreshStarted = performance.now();
  const [report] = await cache.refresh(['configurations']);
  const refreshMs = performance.now() - refreshStarted;
  const listCalls = emulator.admin.stats().requests.total;

  const ids = [];
  for (const record of (await cache.search('configurations', 'SRV-', { mode: 'prefix', limit: 10_000 }))
    .records) {
    ids.push(record.id);
  }
  const pick = (list) => list[Math.floor(Math.random() * list.length)];
  const before = emulator.admin.stats().requests.total;
  const getById = await time(() => cache.getById('configurations', pick(ids)));
  const findByName = await time(() => cache.findByName('configurations', pick(names).toLowerCase()));
  const prefix = await time(() =>
    cache.search('configurations', pick(names).slice(0, 9), { mode: 'prefix', limit: 20 }),
  );
  const substring = await time(() => {
    const name = pick(names);
    return cache.search('configurations', name.slice(5, 11), { mode: 'substring', limit: 20 });
  });
  const substringCommon = await time(() => cache.search('configurations', pick(WORDS), { limit: 20 }));
  const apiCallsDuringLookups = emulator.admin.stats().requests.total - before;
  const stats = await cache.stats();

  const nameSearchP95 = Math.max(findByName.p95, prefix.p95, substring.p95, substringCommon.p95);
  console.log(
    JSON.stringify({
      bench: 'cache',
      records: RECORDS,
      refresh: { listCalls, written: report.count, ms: Math.round(refreshMs) },
      getByIdMs: getById,
      findByNameMs: findByName,
      prefixSearchMs: prefix,
      substringSearchMs: substring,
      substringCommonWordMs: substringCommon,
      apiCallsDuringLookups,
      entries: stats.entries.configurations,
      bytesOnDisk: stats.bytesOnDisk,
      targets: {
        refreshListCalls100: listCalls === 100,
        getByIdP95Under1ms: getById.p95 < 1,
        nameSearchP95Under20ms: nameSearchP95 < 20,
      },
    }),
  );
} finally {
  await cache?.close();
  await client?.close();
  await emulator.stop();
  await rm(home, { recursive: true, force: true });
}

async function time(fn) {
  for (let i = 0; i < 200; i++) await fn(); // warm up
  const samples = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q) =>
    Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] * 1000) / 1000;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
