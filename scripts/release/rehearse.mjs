#!/usr/bin/env node
// Release rehearsal (docs/releasing.md): every publishable package packed as `pnpm publish` would, then
// used the way a user would from npm — in empty folders outside the workspace, with plain npm:
//   pack every non-private workspace package · check the tarballs (fields, paths, no tests shipped,
//   every import declared) · npm install @glueflow/cli from its tarball · glueflow --help and demo ·
//   @glueflow/itglue installed alone lists organizations from `glueflow emulator` · glueflow plugin new
//   --from-tarballs, then npm install, build and test the new plugin.
// Run after `tsc -b` (the root `test` script does). Prints each step and its time; exits 1 naming the
// step that failed and keeps its folders. GLUEFLOW_REHEARSAL_KEEP=1 keeps them on success too;
// GLUEFLOW_REHEARSAL_COMPILE_SQLITE=1 compiles sqlite3 as a user's install does (slow; see npm-folder.mjs).
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { RehearsalError, userEnv } from './lib/exec.mjs';
import { engineWarnings, npmInstall } from './lib/npm-folder.mjs';
import { PLAN } from './lib/steps.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Fails when Node could resolve a package from a node_modules above `dir` (it would hide a missing one). */
async function assertIsolated(dir) {
  for (let up = path.dirname(dir); up !== path.dirname(up); up = path.dirname(up)) {
    const found = await stat(path.join(up, 'node_modules')).then(
      () => true,
      () => false,
    );
    if (found)
      throw new RehearsalError(
        `${path.join(up, 'node_modules')} is above the rehearsal folder: Node would resolve missing dependencies there`,
        'point TMPDIR at a folder with no node_modules above it',
      );
  }
}

/** Runs the steps of a lane in order; resolves false at the first failure (recorded in `outcome`). */
async function runLane(ctx, steps, log, outcome) {
  for (const step of steps) {
    const number = `${outcome.numbers.get(step)}/${outcome.numbers.size}`;
    log(`\n▶ ${number} ${step.title}`);
    const t0 = performance.now();
    try {
      const result = await step.run(ctx, log);
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      outcome.times.push([
        outcome.numbers.get(step),
        `${seconds} s${result === 'skipped' ? ' (skipped)' : ''}`,
      ]);
      log(`${result === 'skipped' ? '⚠ skipped' : '✓'} ${step.title} (${seconds} s)`);
    } catch (error) {
      log(`✗ ${step.title}`);
      outcome.failed ??= { step: `${number} ${step.title}`, error };
      return false;
    }
  }
  return true;
}

/** Lanes side by side, each printing its lines in one piece when it is done (no interleaving). */
async function runLanes(ctx, lanes, log, outcome) {
  log(
    `\n… ${lanes.map((lane) => lane.map((step) => outcome.numbers.get(step)).join('→')).join(' alongside ')}`,
  );
  const results = await Promise.all(
    lanes.map(async (lane) => {
      const lines = [];
      const ok = await runLane(ctx, lane, (line) => lines.push(line), outcome);
      log(lines.join('\n'));
      return ok;
    }),
  );
  return results.every(Boolean);
}

export async function rehearse({ root = ROOT, log = console.log, error = console.error } = {}) {
  const begun = performance.now();
  const work = await mkdtemp(path.join(os.tmpdir(), 'glueflow-rehearsal-'));
  const env = userEnv({ GLUEFLOW_HOME: path.join(work, 'glueflow-home'), CI: '1' });
  const npmWarnings = new Set();
  const ctx = {
    root,
    work,
    env,
    packed: path.join(work, 'packed'),
    warnings: [],
    cleanup: [],
    at: (cwd, timeoutMs) => ({ cwd, env, ...(timeoutMs ? { timeoutMs } : {}) }),
    install: async (dir, stepLog) => {
      const output = await npmInstall(stepLog, dir, { env, sqlite: ctx.sqlite });
      for (const line of engineWarnings(output)) npmWarnings.add(`npm EBADENGINE: ${line}`);
    },
  };
  const steps = PLAN.flatMap((item) => (Array.isArray(item) ? item.flat() : [item]));
  const outcome = { numbers: new Map(steps.map((step, i) => [step, i + 1])), times: [], failed: undefined };
  try {
    await assertIsolated(work);
    await mkdir(ctx.packed);
    for (const item of PLAN) {
      const ok = Array.isArray(item)
        ? await runLanes(ctx, item, log, outcome)
        : await runLane(ctx, [item], log, outcome);
      if (!ok) break;
    }
  } catch (caught) {
    outcome.failed ??= { step: 'setup', error: caught };
  } finally {
    for (const stop of ctx.cleanup.reverse()) await stop().catch(() => undefined);
  }

  const total = ((performance.now() - begun) / 1000).toFixed(1);
  const notes = [...ctx.warnings, ...npmWarnings];
  if (notes.length > 0) log(`\nwarnings (not failures):\n${notes.map((n) => `  ⚠ ${n}`).join('\n')}`);
  if (outcome.failed) {
    const { step, error: cause } = outcome.failed;
    const details = cause instanceof RehearsalError ? cause.details : cause?.stack;
    error(`\n✗ release rehearsal FAILED at step ${step} after ${total} s`);
    error(`  ${cause?.message ?? cause}`);
    if (details) error(details.replace(/^/gm, '    │ '));
    error(`  its folders are kept: ${work}`);
    error('  again: node scripts/release/rehearse.mjs (after tsc -b) — docs/releasing.md');
    return 1;
  }
  if (process.env.GLUEFLOW_REHEARSAL_KEEP) log(`\nfolders kept: ${work}`);
  else await rm(work, { recursive: true, force: true });
  const times = outcome.times.sort(([a], [b]) => a - b).map(([n, time]) => `${n}: ${time}`);
  log(`\n✓ release rehearsal passed in ${total} s (steps ${times.join(', ')})`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.length > 2) {
    // `pnpm test <pattern>` appends the pattern to the test script's last command: this one, not jest.
    console.error(
      `release rehearsal: unexpected arguments ${process.argv.slice(2).join(' ')} — it takes none.\n` +
        'To run some jest tests: node --experimental-vm-modules node_modules/jest/bin/jest.js <pattern>',
    );
    process.exitCode = 64;
  } else process.exitCode = await rehearse();
}
