// PSA sync bench: 5,000 ConnectWise companies (the fake ConnectWise of the plugin's tests, over HTTP)
// into the emulator through the real runtime (client, cache, state store, write gate), with 1,500
// organizations already in IT Glue (300 of them the same companies, to be adopted by name or short
// name). Prints one JSON line. Run after `npx tsc -b`.
// Targets (issue 8): IT Glue list calls = ceil(existing orgs / 1000) + lookups answered from the cache;
// a re-run with no PSA change makes 0 IT Glue writes; 10 renamed companies make exactly 10 updates.
// Rate limits are raised on both sides so the bench measures the sync, not IT Glue's 3000 / 5 min.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmulator } from '../packages/emulator/dist/index.js';
import { Runtime } from '../packages/core/dist/index.js';
import psaPlugin from '../packages/plugin-psa/dist/index.js';
import { startFakeConnectWise } from '../packages/plugin-psa/dist/__fixtures__/fake-connectwise.js';
import { makeWorld, touch } from '../packages/plugin-psa/dist/__fixtures__/world.js';

const COMPANIES = Number(process.env.N ?? 5000);
const UNRELATED_ORGS = Number(process.env.U ?? 1200);
const ADOPTED = Number(process.env.A ?? 300);
const RENAMED = 10;

const credentials = { companyId: 'msp', publicKey: 'pub', privateKey: 'priv', clientId: 'cid' };
const world = makeWorld(COMPANIES);
const home = await mkdtemp(path.join(os.tmpdir(), 'glueflow-bench-psa-'));
const emulator = await startEmulator({ rateLimit: { requests: 1_000_000, windowSeconds: 300 } });
const cw = await startFakeConnectWise(credentials, world);
let runtime;
try {
  // Organizations already in IT Glue: unrelated ones, and 300 of our companies (150 by exact name, 150 by short name).
  await emulator.admin.insert(
    'organizations',
    Array.from({ length: UNRELATED_ORGS }, (_, n) => ({
      name: `Existing Client ${String(n).padStart(4, '0')}`,
    })),
  );
  await emulator.admin.insert(
    'organizations',
    world.companies
      .slice(0, ADOPTED)
      .map((c, n) =>
        n % 2 === 0 ? { name: c.name } : { name: `${c.name} (old name)`, 'short-name': c.identifier },
      ),
  );
  const existingOrgs = UNRELATED_ORGS + ADOPTED;

  runtime = await Runtime.open({
    config: {
      filepath: path.join(home, 'glueflow.config.js'),
      instanceName: 'bench',
      instance: { region: 'us', url: emulator.url },
      rateLimit: { requests: 1_000_000, windowSeconds: 300 },
      concurrency: 8,
      timeouts: { connectMs: 5_000, responseMs: 30_000 },
      cache: { ttlSeconds: {}, autoRefreshHours: 24 },
      home,
      plugins: [
        {
          spec: psaPlugin,
          options: {
            provider: 'connectwise',
            connection: {
              url: cw.apiUrl,
              companyId: 'msp',
              publicKey: { env: 'CW_PUBLIC' },
              privateKey: { env: 'CW_PRIVATE' },
              clientId: { env: 'CW_CLIENT' },
              requestsPerMinute: 1000,
            },
          },
          declaredIn: null,
          keyPath: 'plugins[0]',
        },
      ],
      pipelines: {},
      provenance: {},
    },
    env: { ITGLUE_API_KEY: 'ITG.emulator', CW_PUBLIC: 'pub', CW_PRIVATE: 'priv', CW_CLIENT: 'cid' },
    keychain: false,
    secretKeychain: () => undefined,
  });
  const requests = [];
  runtime.engine.hooks.onRequest.tap('bench', (info) => requests.push(info));

  const run = async (label, withOptions = {}) => {
    requests.length = 0;
    cw.requests.length = 0;
    emulator.admin.resetStats();
    const started = performance.now();
    const { summary } = await runtime.runEntries('bench', [
      {
        step: 'psa.sync-organizations',
        with: withOptions,
        declaredIn: null,
        baseDir: home,
        keyPath: 'pipelines.bench[0]',
      },
    ]);
    const ms = Math.round(performance.now() - started);
    const stats = emulator.admin.stats();
    const gets = requests.filter((r) => r.method === 'GET' && r.attempt === 1);
    return {
      label,
      status: summary.status,
      counts: summary.counts,
      durationMs: ms,
      itglue: {
        requests: stats.requests.total,
        organizationListCalls: gets.filter((r) => r.path.startsWith('/organizations?')).length,
        lookupListCalls: gets.filter((r) => /^\/organization_(types|statuses)\?/.test(r.path)).length,
        recordReads: gets.filter((r) => /^\/organizations\/\d+/.test(r.path)).length,
        writesApplied: stats.writesApplied,
        creates: stats.creates,
        updates: stats.updates,
      },
      connectwise: {
        requests: cw.requests.length,
        conditions: [...new Set(cw.requests.map((r) => r.url.searchParams.get('conditions')))],
      },
    };
  };

  const first = await run('first sync');
  const unchanged = await run('re-run, no PSA change (full listing)', { full: true });
  const incremental = await run('re-run, no PSA change (incremental)');
  for (let i = 0; i < RENAMED; i++) {
    const company = world.companies[ADOPTED + ((i * 37) % (COMPANIES - ADOPTED))];
    touch(
      company,
      { name: `${company.name} Renamed` },
      new Date(Date.parse('2026-03-01T00:00:00Z') + i * 1000).toISOString(),
    );
  }
  const renamed = await run(`${RENAMED} companies renamed (incremental)`);

  const expectedListCalls = Math.ceil((existingOrgs + COMPANIES - ADOPTED) / 1000);
  console.log(
    JSON.stringify({
      bench: 'psa-sync',
      companies: COMPANIES,
      existingOrganizations: existingOrgs,
      adoptedByNameOrShortName: ADOPTED,
      runs: [first, unchanged, incremental, renamed],
      checks: {
        firstRunListCalls: `${first.itglue.organizationListCalls} (ceil(${existingOrgs}/1000) = ${Math.ceil(existingOrgs / 1000)} for the step's read, plus the write gate's name index)`,
        rerunListCallsAtMost: expectedListCalls,
        rerunWritesZero: unchanged.itglue.writesApplied === 0 && incremental.itglue.writesApplied === 0,
        renamesExactlyUpdates: renamed.itglue.updates === RENAMED && renamed.itglue.writesApplied === RENAMED,
        noDuplicates: first.counts.created === COMPANIES - ADOPTED,
      },
      node: process.version,
    }),
  );
} finally {
  await runtime?.close();
  await cw.close();
  await emulator.stop();
  await rm(home, { recursive: true, force: true });
}
