/**
 * `glueflow demo`: the whole product on one screen, with no account, no network and no secrets. An
 * in-process emulator with seed data stands in for IT Glue; the example config (examples/) runs each
 * pipeline as a user would — plan, apply, the events that fired — then runs it again to show that an
 * unchanged source writes nothing, and finally watches IT Glue catch a password rotation.
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RunningEmulator } from '@glueflow/emulator';
import { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { cliPackageDir } from '../package-dir.js';
import { memoryKeychain } from '../session/keychain.js';
import { loadCliConfig, withSession } from '../session/open-session.js';
import type { Session } from '../session/open-session.js';
import { UsageError } from '../usage-error.js';
import { demoPipeline, demoWatch, printDemoSummary } from './demo-steps.js';
import { addExampleClients, EXAMPLE_CLIENTS } from './example-clients.js';
import type { DemoOutcome } from './demo-steps.js';

export const DEMO_API_KEY = 'ITG.emulator';

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/**
 * The example config: the copy packed into @glueflow/cli (an npm install; its prepack copies the
 * repository's examples/ in), else the repository's own examples/ (a clone, where there is no copy).
 */
async function defaultDemoConfig(): Promise<string> {
  const packed = path.join(cliPackageDir(), 'examples', 'glueflow.config.mjs');
  return (await exists(packed))
    ? packed
    : path.resolve(cliPackageDir(), '../../examples/glueflow.config.mjs');
}

export async function demoCommand(ctx: CliContext): Promise<number> {
  const configFile = ctx.globals.config
    ? path.resolve(ctx.cwd, ctx.globals.config)
    : await defaultDemoConfig();
  if (!(await exists(configFile))) {
    throw new UsageError(
      `the demo config ${configFile} is missing`,
      'run the demo from a clone of the glueflow repository (it ships examples/), or pass --config FILE',
    );
  }
  const { startEmulator } = await import('@glueflow/emulator');
  const home = await mkdtemp(path.join(os.tmpdir(), 'glueflow-demo-'));
  const emulator = await startEmulator({ port: 0, generate: { organizations: 6, perOrganization: 4 } });
  try {
    // The clients the example runbooks and mail are filed under already exist, as in a real account.
    await addExampleClients(emulator.admin);
    const demo = demoContext(ctx, emulator, home, configFile);
    const config = await loadCliConfig(demo);
    const c = ctx.colors;
    ctx.print(c.bold('Glueflow demo'));
    ctx.print(
      `  IT Glue:  an offline emulator at ${emulator.url}, seeded with ${6 + EXAMPLE_CLIENTS.length} organizations`,
    );
    ctx.print(`  config:   ${path.relative(ctx.cwd, configFile) || configFile}`);
    ctx.print(`  state:    ${home} (deleted afterwards)`);
    ctx.print("  No account, no network, no secrets: the API key is the emulator's own.");
    return await withSession(
      demo,
      async (session) => {
        const outcomes: DemoOutcome[] = [];
        const names = Object.keys(config.pipelines);
        for (const [index, name] of names.entries()) {
          outcomes.push(await demoPipeline(demo, session, emulator, name, `${index + 1}/${names.length}`));
        }
        const watched = await demoWatch(demo, session as Session, emulator);
        return printDemoSummary(demo, outcomes, watched) ? EXIT.ok : EXIT.fatal;
      },
      config,
    );
  } finally {
    await emulator.stop();
    await rm(home, { recursive: true, force: true });
  }
}

/**
 * The demo's own context: the emulator's URL and key, a throw-away GLUEFLOW_HOME and an in-memory
 * keychain — so a user's real ITGLUE_* settings and keychain are never read or touched.
 */
function demoContext(
  ctx: CliContext,
  emulator: RunningEmulator,
  home: string,
  configFile: string,
): CliContext {
  const env = Object.fromEntries(Object.entries(ctx.env).filter(([name]) => !name.startsWith('ITGLUE_')));
  const demo = new CliContext({
    argv: [],
    env: { ...env, ITGLUE_API_URL: emulator.url, ITGLUE_API_KEY: DEMO_API_KEY, GLUEFLOW_HOME: home },
    cwd: ctx.cwd,
    stdout: ctx.stdout,
    stderr: ctx.stderr,
    signal: ctx.signal,
    keychain: memoryKeychain(),
  });
  demo.globals = { ...ctx.globals, config: configFile, instance: undefined };
  return demo;
}
