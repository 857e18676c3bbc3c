/**
 * A secret a step obtains at run time (HaloPSA's or Graph's access token) is registered with
 * `ctx.maskSecret` and masked like a resolved `{ env }` value: a PSA error body or a log line that
 * echoes it shows [REDACTED] in the logs and in the run history (what `glueflow runs` and the CLI's
 * reports and `--json` print go through the same redactor).
 */
import { afterEach, expect, it } from '@jest/globals';
import { definePlugin } from '@glueflow/core';
import { z } from 'zod';
import { createTestEngine } from './index.js';
import type { TestEngine } from './index.js';

const TOKEN = 'runtime-token-7c1d9e0a2b';

const tokenPlugin = definePlugin({
  name: 'glueflow-plugin-test-token',
  options: z.object({}).strict(),
  apply(host) {
    host.registerStep('token.use', {
      description: 'obtains a token, logs it by mistake, and fails an item whose error echoes it',
      options: z.object({ mask: z.boolean() }),
      async run(ctx, options) {
        if (options.mask) ctx.maskSecret(TOKEN);
        // No "token"/"Bearer" next to it: only the registered value can mask this.
        ctx.logger.warn(`PSA answered 500: no such client ${TOKEN}`);
        await ctx.forEachItem(
          ['company:1'],
          (key) => key,
          async () => {
            throw new Error(`PSA refused ${TOKEN} for company 1`);
          },
        );
      },
    });
  },
});

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

it('a token registered with maskSecret never reaches messages, logs or the summary', async () => {
  t = await createTestEngine({ plugins: [tokenPlugin] });
  const summary = await t.runStep('token.use', { mask: true });
  expect(summary.counts.failed).toBe(1);
  const history = await t.runtime.state.history.list();
  const everything = JSON.stringify({ history, logs: t.logs });
  expect(everything).not.toContain(TOKEN);
  expect(everything).toContain('PSA refused [REDACTED] for company 1');
});

it('the same run without maskSecret shows it (the test can fail)', async () => {
  t = await createTestEngine({ plugins: [tokenPlugin] });
  await t.runStep('token.use', { mask: false });
  const history = await t.runtime.state.history.list();
  expect(JSON.stringify({ history, logs: t.logs })).toContain(TOKEN);
});
