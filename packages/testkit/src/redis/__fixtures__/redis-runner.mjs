// Runs the `crash` pipeline (orgs.sync) once against GLUEFLOW_TEST_URL with its state and locks in the
// Redis at GLUEFLOW_REDIS_URL (instance GLUEFLOW_TEST_INSTANCE) — one worker machine. The Redis tests
// kill it with SIGKILL mid-run, or start two at once. Prints the counts, or the error code it ended with.
// GLUEFLOW_TEST_MODE=batch runs it as a split run's batch would (no pipeline lock, every key a target);
// GLUEFLOW_TEST_STEP=runbook makes the pipeline one orgs.runbook step in organization "<prefix> 1"
// (a flexible asset type, an asset with an attachment, a document);
// GLUEFLOW_TEST_GO=<key> waits, once open, until that Redis key exists (so two runners start together).
import { createLogger, Runtime } from '@glueflow/core';
import { orgPlugin } from '../../../dist/__fixtures__/org-plugin.js';

const count = Number(process.env.GLUEFLOW_TEST_COUNT ?? 100);
const companies = Array.from({ length: count }, (_, i) => ({
  key: `psa:${i + 1}`,
  name: `${process.env.GLUEFLOW_TEST_PREFIX ?? 'Crash Co'} ${i + 1}`,
}));
const prefix = process.env.GLUEFLOW_TEST_PREFIX ?? 'Crash Co';
const runbook = process.env.GLUEFLOW_TEST_STEP === 'runbook';
const step = runbook
  ? {
      step: 'orgs.runbook',
      with: { organization: `${prefix} 1`, title: `${prefix} runbook`, body: 'shared' },
    }
  : { step: 'orgs.sync', with: { companies } };
const runtime = await Runtime.open({
  config: {
    filepath: null,
    instanceName: process.env.GLUEFLOW_TEST_INSTANCE,
    instance: { region: 'us', url: process.env.GLUEFLOW_TEST_URL },
    rateLimit: { requests: 3000, windowSeconds: 300 },
    concurrency: 8,
    timeouts: { connectMs: 5000, responseMs: 15000 },
    cache: { ttlSeconds: {}, autoRefreshHours: 24 },
    home: process.env.GLUEFLOW_TEST_HOME,
    storage: { redis: { env: 'GLUEFLOW_REDIS_URL' } },
    plugins: [{ spec: orgPlugin, options: {}, declaredIn: null, keyPath: 'plugins[0]' }],
    pipelines: {
      crash: [
        {
          ...step,
          declaredIn: null,
          baseDir: process.cwd(),
          keyPath: 'pipelines.crash[0]',
        },
      ],
    },
    provenance: {},
  },
  env: { ITGLUE_API_KEY: 'ITG.emulator', GLUEFLOW_REDIS_URL: process.env.GLUEFLOW_REDIS_URL },
  logger: createLogger({ silent: true }),
  keychain: false,
  secretKeychain: () => undefined,
  client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } },
});
try {
  const go = process.env.GLUEFLOW_TEST_GO;
  if (go) {
    const { Redis } = await import('ioredis');
    const redis = new Redis(process.env.GLUEFLOW_REDIS_URL);
    while (!(await redis.exists(go))) await new Promise((resolve) => setTimeout(resolve, 5));
    redis.disconnect();
  }
  const batch = process.env.GLUEFLOW_TEST_MODE === 'batch';
  const { summary } = await runtime.run(
    'crash',
    batch
      ? { pipelineLock: false, history: false, targets: { 0: runbook ? 'all' : companies.map((c) => c.key) } }
      : {},
  );
  process.stdout.write(
    JSON.stringify({
      counts: summary.counts,
      errors: summary.messages.filter((m) => m.severity === 'error').map((m) => m.reason),
    }),
  );
} catch (error) {
  process.stdout.write(JSON.stringify({ error: error.code ?? String(error) }));
} finally {
  await runtime.close();
}
