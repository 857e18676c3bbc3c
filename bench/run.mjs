// `pnpm bench`: runs every bench script in this folder (each prints JSON lines), one after another so
// they do not compete for the two cores, and prints one JSON report followed by a markdown table.
//   node bench/run.mjs                 all benches
//   node bench/run.mjs cache psa       only these (file names without .mjs)
//   node bench/run.mjs --json-only     no table (for CI artefacts)
// Run after `tsc -b` (the root `bench` script does). Helper scripts (workers) are not benches.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const NOT_BENCHES = new Set(['run.mjs', 'client-worker.mjs']);
const args = process.argv.slice(2);
const jsonOnly = args.includes('--json-only');
const wanted = args.filter((a) => !a.startsWith('--'));

const scripts = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && !NOT_BENCHES.has(f) && !f.startsWith('_'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.mjs$/, '')))
  .sort();

/** JSON objects printed by a bench, one per line; other output is passed through to stderr. */
function runBench(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(here, file)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => {
      const results = [];
      for (const line of out.split('\n')) {
        const text = line.trim();
        if (!text.startsWith('{')) {
          if (text) process.stderr.write(`[${file}] ${text}\n`);
          continue;
        }
        try {
          results.push(JSON.parse(text));
        } catch {
          process.stderr.write(`[${file}] ${text}\n`);
        }
      }
      resolve({ bench: file.replace(/\.mjs$/, ''), exitCode: code, wallMs: Date.now() - started, results });
    });
  });
}

const report = { at: new Date().toISOString(), node: process.version, benches: [] };
for (const file of scripts) {
  process.stderr.write(`running ${file} …\n`);
  report.benches.push(await runBench(file));
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
if (!jsonOnly) process.stdout.write(`\n${markdown(report)}\n`);
process.exitCode = report.benches.some((b) => b.exitCode !== 0) ? 1 : 0;

/** One row per result line: the bench, its case, and its scalar figures. */
function markdown(r) {
  const rows = ['| bench | case | figures |', '|---|---|---|'];
  for (const b of r.benches) {
    if (b.results.length === 0) rows.push(`| ${b.bench} | (exit ${b.exitCode}) | no JSON output |`);
    for (const result of b.results) {
      const name = result.case ?? result.name ?? result.scenario ?? '';
      const figures = flatten(result)
        .filter(([k]) => !['case', 'name', 'scenario'].includes(k))
        .map(([k, v]) => `${k}=${typeof v === 'number' ? round(v) : v}`)
        .join(', ');
      rows.push(`| ${b.bench} | ${name} | ${figures} |`);
    }
  }
  return rows.join('\n');
}

function flatten(value, prefix = '') {
  const out = [];
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) out.push(...flatten(v, key));
    else if (typeof v !== 'object') out.push([key, v]);
  }
  return out;
}

function round(n) {
  return Number.isInteger(n) ? n : Math.round(n * 100) / 100;
}
