// Cold start of `glueflow --help`: 15 fresh node processes, median and p95 wall time in ms.
// The CLI loads @glueflow/core and the plugins only inside command actions, so help stays light.
// Also times a bare `node -e ""` so a loaded machine can be told apart from a slow CLI.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNS = 15;
const bin = fileURLToPath(new URL('../packages/cli/bin/glueflow.js', import.meta.url));

function time(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { medianMs: round(at(0.5)), p95Ms: round(at(0.95)), minMs: round(sorted[0]) };
}

const round = (ms) => Math.round(ms * 10) / 10;

time([bin, '--help']); // warm the file system cache once, as a second invocation would find it
const cli = Array.from({ length: RUNS }, () => time([bin, '--help']));
const node = Array.from({ length: RUNS }, () => time(['-e', '']));
const result = {
  bench: 'cli-cold-start',
  command: 'node packages/cli/bin/glueflow.js --help',
  runs: RUNS,
  ...stats(cli),
  budgetMs: 300,
  withinBudget: stats(cli).medianMs < 300,
  bareNode: stats(node),
  node: process.version,
};
console.log(JSON.stringify(result, null, 2));
