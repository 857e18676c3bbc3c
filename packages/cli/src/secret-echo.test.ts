/**
 * Issue 17.6: a PSA that answers 500 echoing the credentials it was sent. The secret comes from
 * `{ env: NAME }` — never registered with the redactor before — and reaches a step's item errors
 * as itself, inside a Basic header and as the bare base64 credential. Neither the human report,
 * the --json summary, the --verbose log lines on stderr nor the log file may contain any of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from '@jest/globals';
import { createProject } from './__fixtures__/cli-harness.js';
import type { Project } from './__fixtures__/cli-harness.js';

const SECRET = 'Psa-Private-Key-7f3a9c';
const BASIC = Buffer.from(`acme+public:${SECRET}`).toString('base64');

const ECHO_PLUGIN = `
export default {
  name: 'glueflow-plugin-echo',
  apiVersion: 1,
  apply(host) {
    host.registerStep('echo.fail', {
      description: 'calls a PSA that echoes the credentials in its error answer',
      async run(ctx) {
        const secret = ctx.secret({ env: 'PSA_PRIVATE' });
        const basic = Buffer.from('acme+public:' + secret).toString('base64');
        const body = JSON.stringify({ error: 'bad credentials', echo: secret, sent: 'Basic ' + basic, raw: basic });
        ctx.logger.warn('PSA answered 500: ' + body);
        await ctx.forEachItem(['c:1', 'c:2'], (key) => key, async (key) => {
          throw new Error('PSA 500 for ' + key + ': ' + body);
        });
      },
    });
  },
};
`;

let p: Project | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

it('an env-resolved secret and its Basic form reach no output: report, --json, stderr, log file', async () => {
  p = await createProject({
    plugins: ['./echo-plugin.mjs'],
    pipelines: { nightly: [{ step: 'echo.fail' }] },
  });
  p.write('echo-plugin.mjs', ECHO_PLUGIN);
  const env = { PSA_PRIVATE: SECRET };
  const log = path.join(p.dir, 'logs', 'run.log');
  const human = await p.cli(['run', 'nightly', '--verbose', '--log-file', log], { env });
  const json = await p.cli(['run', 'nightly', '--json', '--log-file', log], { env });
  expect(human.code).toBe(1); // every item failed
  expect(json.code).toBe(1);

  // The failures are reported — only without the secret.
  expect(human.stdout).toContain('PSA 500 for c:1');
  const summary = json.json<{ messages: Array<{ item: string; reason: string }> }>();
  expect(summary.messages.map((m) => m.item).sort()).toEqual(['c:1', 'c:2']);
  expect(summary.messages[0]!.reason).toContain('[REDACTED]');

  const logText = fs.readFileSync(log, 'utf8');
  expect(logText).toContain('PSA answered 500');
  for (const [name, text] of Object.entries({
    'stdout (report)': human.stdout,
    'stderr (--verbose)': human.stderr,
    '--json': json.stdout,
    'stderr (--json)': json.stderr,
    'log file': logText,
  })) {
    for (const leak of [SECRET, BASIC]) {
      expect({ name, leaked: text.includes(leak) }).toEqual({ name, leaked: false });
    }
  }
  if (process.platform !== 'win32') expect(fs.statSync(log).mode & 0o777).toBe(0o600);
}, 60_000);
