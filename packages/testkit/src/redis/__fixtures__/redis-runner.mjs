// Runs the `crash` pipeline (orgs.sync) once against GLUEFLOW_TEST_URL with its state and locks in the
// Redis at GLUEFLOW_REDIS_URL (instance GLUEFLOW_TEST_INSTANCE) — one worker machine. The Redis tests
// kill it with SIGKILL mid-run, or start two at once. Prints the counts, or the error code it ended with.
import { createLogger, Runtime } from '@glueflow/core';
import { orgPlugin } from '../../../dist/__fixtures__/org-plugin.js';

const count = Number(process.env.GLUEFLOW_TEST_COUNT ?? 100);
const companies = Array.from({ length: count }, (_, i) => ({
  key: `psa:${i + 1}`,
  name: `Crash Co ${i + 1}`,
}));
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
          step: 'orgs.sync',
          with: { companies },
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
  const { summary } = await runtime.run('crash');
  process.stdout.write(JSON.stringify({ counts: summary.counts }));
} catch (error) {
  process.stdout.write(JSON.stringify({ error: error.code ?? String(error) }));
} finally {
  await runtime.close();
}
