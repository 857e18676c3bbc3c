// Runs the `orgs.sync` pipeline once against GLUEFLOW_TEST_URL with state in GLUEFLOW_TEST_HOME. The
// crash-safety test kills this process with SIGKILL at random moments and runs it again.
import { createLogger, Runtime } from '@glueflow/core';
import { orgPlugin } from '../../dist/__fixtures__/org-plugin.js';

const count = Number(process.env.GLUEFLOW_TEST_COUNT ?? 100);
const companies = Array.from({ length: count }, (_, i) => ({
  key: `psa:${i + 1}`,
  name: `Crash Co ${i + 1}`,
}));
const runtime = await Runtime.open({
  config: {
    filepath: null,
    instanceName: 'default',
    instance: { region: 'us', url: process.env.GLUEFLOW_TEST_URL },
    rateLimit: { requests: 3000, windowSeconds: 300 },
    concurrency: 8,
    timeouts: { connectMs: 5000, responseMs: 15000 },
    cache: { ttlSeconds: {}, autoRefreshHours: 24 },
    home: process.env.GLUEFLOW_TEST_HOME,
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
  env: { ITGLUE_API_KEY: 'ITG.emulator' },
  logger: createLogger({ silent: true }),
  keychain: false,
  secretKeychain: () => undefined,
  client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } },
});
const { summary } = await runtime.run('crash');
await runtime.close();
process.stdout.write(JSON.stringify(summary.counts));
