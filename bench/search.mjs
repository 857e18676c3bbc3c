// Full-text search bench (issue 22): 100,000 records in a real cache file (configurations, flexible
// assets with traits — one of them a Password-kind trait the cache strips —, contacts, passwords,
// documents with three sections each — section text is indexed, never cached —; written through
// MetadataCache.putMany / putSections, which strip secrets and index in the same transaction), then a
// full index rebuild and searches of every kind. Prints one JSON line.
// Run after `tsc -b`. Targets: search p95 < 20 ms; index build (rebuild of 100,000) < 30 s.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { MetadataCache } from '../packages/core/dist/index.js';

const require = createRequire(new URL('../packages/core/package.json', import.meta.url));
const sqlite3 = require('sqlite3');

const MIX = {
  configurations: 50_000,
  'flexible-assets': 30_000,
  contacts: 10_000,
  passwords: 5_000,
  documents: 5_000,
};
const RECORDS = Object.values(MIX).reduce((a, b) => a + b, 0);
const ORGANIZATIONS = 200;
const SAMPLES = Number(process.env.BENCH_SEARCH_SAMPLES ?? 500);
const BATCH = 1000;

// A deterministic vocabulary with a Zipf-like spread: a few words everywhere, most words rare.
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'tor',
  'vel',
  'sun',
  'dra',
  'pex',
  'qui',
  'zan',
  'bor',
  'fin',
  'gal',
];
const VOCABULARY = Array.from({ length: 5000 }, (_, n) => {
  let word = '';
  for (let k = n + 7; word.length < 6 || k > 0; k = Math.floor(k / SYLLABLES.length)) {
    word += SYLLABLES[k % SYLLABLES.length];
    if (k < SYLLABLES.length) break;
  }
  return word;
});
const COMMON = [
  'server',
  'backup',
  'office',
  'printer',
  'firewall',
  'switch',
  'wifi',
  'vpn',
  'laptop',
  'router',
];
const word = () =>
  random() < 0.3
    ? COMMON[Math.floor(random() * COMMON.length)]
    : VOCABULARY[Math.floor(random() ** 2 * VOCABULARY.length)];
const words = (n) => Array.from({ length: n }, word).join(' ');
const orgs = Array.from({ length: ORGANIZATIONS }, (_, n) => ({ id: String(n + 1), name: `Bench Org ${n}` }));

function recordOf(type, n) {
  const org = orgs[n % ORGANIZATIONS];
  const base = {
    id: String(n + 1),
    organizationId: org.id,
    organizationName: org.name,
    resourceUrl: `https://bench.itglue.com/${org.id}/${type}/${n + 1}`,
  };
  switch (type) {
    case 'configurations':
      return {
        ...base,
        name: `SRV-${String(n).padStart(6, '0')} ${word()}`,
        hostname: `srv-${n}.bench.local`,
        primaryIp: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
        serialNumber: `SN${n}`,
        notes: `<p>${words(12)}</p>`,
      };
    case 'flexible-assets':
      return {
        ...base,
        name: `${word()} ${word()}`,
        flexibleAssetTypeId: '7',
        flexibleAssetTypeName: 'Wireless',
        traits: {
          ssid: `${word()}-net`,
          location: words(4),
          notes: words(20),
          'admin-password': `Secret-${n}-never-indexed`,
        },
      };
    case 'contacts':
      return {
        ...base,
        name: `${word()} ${word()}`,
        title: word(),
        contactEmails: [{ value: `person${n}@bench.example`, primary: true }],
        notes: words(6),
      };
    case 'passwords':
      return {
        ...base,
        name: `${word()} admin`,
        username: `admin${n}`,
        password: `Pw-${n}-never-cached`,
        notes: words(6),
      };
    default:
      return { ...base, name: `Runbook ${words(3)}`, published: true };
  }
}

const home = await mkdtemp(path.join(os.tmpdir(), 'glueflow-bench-search-'));
let cache;
try {
  cache = await MetadataCache.open({ env: { GLUEFLOW_HOME: home }, instance: 'bench' });
  await cache.putMany('organizations', orgs);
  const fillStarted = performance.now();
  for (const [type, count] of Object.entries(MIX)) {
    for (let start = 0; start < count; start += BATCH) {
      const batch = [];
      for (let n = start; n < Math.min(count, start + BATCH); n++) batch.push(recordOf(type, n));
      await cache.putMany(type, batch);
    }
  }
  // Three sections per document (a heading, two HTML paragraphs), as the client would hand them over.
  let sectionsIndexed = 0;
  for (let start = 0; start < MIX.documents; start += BATCH) {
    const sections = [];
    for (let n = start; n < Math.min(MIX.documents, start + BATCH); n++) {
      const documentId = String(n + 1);
      sections.push(
        { id: `${n}-1`, documentId, sort: 1, resourceType: 'Document::Heading', content: words(3) },
        { id: `${n}-2`, documentId, sort: 2, resourceType: 'Document::Text', content: `<p>${words(30)}</p>` },
        { id: `${n}-3`, documentId, sort: 3, resourceType: 'Document::Step', content: `<p>${words(15)}</p>` },
      );
    }
    sectionsIndexed += await cache.putSections(sections);
  }
  const fillMs = performance.now() - fillStarted;
  const rebuild = await cache.rebuildSearchIndex();
  await cache.vacuum();
  const size = await indexSize(cache.file);

  const pick = (list) => list[Math.floor(random() * list.length)];
  const rare = () => VOCABULARY[VOCABULARY.length - 1 - Math.floor(random() * 2000)];
  const queries = {
    rareWord: () => rare(),
    commonWord: () => pick(COMMON),
    twoWords: () => `${pick(COMMON)} ${VOCABULARY[Math.floor(random() * 200)]}`,
    phrase: () => `"${pick(COMMON)} ${pick(COMMON)}"`,
    prefix: () => `${VOCABULARY[Math.floor(random() * VOCABULARY.length)].slice(0, 4)}*`,
    hostname: () => `"srv-${Math.floor(random() * MIX.configurations)}"`,
    withTypeAndOrg: () => ({
      q: pick(COMMON),
      options: { type: 'configurations', organization: pick(orgs).name },
    }),
  };
  const results = {};
  let worst = 0;
  let hitsSeen = 0;
  for (const [name, make] of Object.entries(queries)) {
    results[name] = await time(async () => {
      const made = make();
      const { q, options } = typeof made === 'string' ? { q: made, options: {} } : made;
      const found = await cache.fullTextSearch(q, { limit: 20, ...options });
      hitsSeen += found.hits.length;
    });
    worst = Math.max(worst, results[name].p95);
  }
  const secretFound =
    (await cache.fullTextSearch('"Secret-17-never-indexed"')).hits.length +
    (await cache.fullTextSearch('"Pw-17-never-cached"')).hits.length;
  const stats = await cache.stats();
  console.log(
    JSON.stringify({
      bench: 'search',
      records: RECORDS,
      mix: MIX,
      cacheFillMs: Math.round(fillMs),
      sectionsIndexed,
      indexBuild: { records: rebuild.records, ms: rebuild.durationMs },
      indexBytes: size.index,
      cacheFileBytes: stats.bytesOnDisk,
      searchMs: results,
      worstP95Ms: worst,
      hitsPerSearch: Math.round((hitsSeen / (Object.keys(queries).length * (SAMPLES + 50))) * 10) / 10,
      secretsFound: secretFound,
      targets: {
        searchP95Under20ms: worst < 20,
        indexBuildUnder30s: rebuild.durationMs < 30_000,
        noSecretFound: secretFound === 0,
      },
    }),
  );
} finally {
  await cache?.close();
  // BENCH_SEARCH_KEEP=1 keeps the file to explore queries with the sqlite3 shell (path on stderr).
  if (process.env.BENCH_SEARCH_KEEP) console.error(`kept ${home}`);
  else await rm(home, { recursive: true, force: true });
}

/** Bytes of the search tables (search_docs, the FTS5 shadow tables, their indexes), from SQLite's dbstat. */
async function indexSize(file) {
  const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
  const all = (sql) =>
    new Promise((resolve, reject) => db.all(sql, (error, rows) => (error ? reject(error) : resolve(rows))));
  try {
    const [row] = await all(`SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'search%'`);
    return { index: row.bytes };
  } catch {
    return { index: null }; // dbstat not compiled in
  } finally {
    db.close();
  }
}

async function time(fn) {
  for (let i = 0; i < 50; i++) await fn(); // warm up
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
