// Scale-out on Redis + BullMQ (issue 21's bench). Prints one JSON line per case.
//   The emulator answers after 300 ms and allows 30 requests / 3 s (the config says so); a pipeline of
//   one step lists N items (default 3,000) and writes one IT Glue contact per item; `glueflow worker`
//   processes (real CLI processes) share the run in batches through BullMQ.
//   A  1 worker                      → completes; peak window ≤ the limit, 0 × 429
//   B  3 workers                     → the budget holds across processes; ≥ 0.9 of the allowed rate
//   C  3 workers, one SIGKILLed mid-run  → every item written exactly once (0 duplicates, 0 lost)
//   D  3 workers, Redis restarted mid-run (AOF on) → completes, 0 duplicates
//   E  email.import of 1,000 mails (HTML, inline image, PDF; directory source) with 1 and then 2
//      workers, no latency and a limit that never binds: does parsing, the CPU-heavy part, spread?
// "Allowed rate" = 30 / 3 s = 10 requests/s; achieved = the emulator's requests / wall time.
// "Ceiling": the most a client can send with no 429 risk. The emulator counts a request after its
// latency (when it answers), and a client cannot know when the server counted a request it has sent
// but not heard back from — so a slot is taken from the grant until the answer + window + margin
// (the budget's margin, 50 ms here): window / (window + latency + margin) of the allowed rate, 0.896 for
// 3 s and 300 ms. With IT Glue's 5-minute window the same latency costs 0.1 %.
// Run after `tsc -b`: `node bench/scale-out.mjs [items] [cases]`, e.g. `node bench/scale-out.mjs 600 AB`.
// Needs redis-server on PATH. At 3,000 items each case takes 10+ minutes (≈ 2 requests per item at 10/s).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startEmulator } from '../packages/emulator/dist/index.js';
import { WorkQueue } from '../packages/serve/dist/index.js';
import { startRedisServer } from '../packages/testkit/dist/index.js';
import { message } from './_mail.mjs';

const ITEMS = Number(process.argv[2] ?? 3000);
const CASES = process.argv[3] ?? 'ABCDE';
const LIMIT = { requests: 30, windowSeconds: 3 };
const bin = new URL('../packages/cli/dist/bin.js', import.meta.url).pathname;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The share of the allowed rate a budget that risks no 429 can reach (see the file comment). */
function ceiling(world) {
  const windowMs = world.limit.windowSeconds * 1000;
  const marginMs = Math.min(1000, Math.max(50, windowMs * 0.005)); // the budget's default margin
  return windowMs / (windowMs + world.latencyMs + marginMs);
}

/** CPU seconds (user + system) a live process has used, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

// The step: lists item keys, and for the keys it is given (ctx.targets) writes one contact each.
const PLUGIN = `export default {
  name: 'glueflow-plugin-bench-items',
  apiVersion: 1,
  apply(host) {
    host.registerStep('bench.items', {
      description: 'one contact per item',
      async listItems(_ctx, options) {
        return Array.from({ length: options.count }, (_, i) => 'item-' + String(i + 1).padStart(5, '0'));
      },
      async run(ctx, options) {
        const org = await ctx.resolveOrganization({ kind: 'name', value: 'Scale Out Ltd' });
        const keys = ctx.targets ?? Array.from({ length: options.count }, (_, i) => 'item-' + String(i + 1).padStart(5, '0'));
        await ctx.forEachItem(keys, (key) => key, async (key) => {
          await ctx.itglue.upsert({
            sourceKey: key,
            resourceType: 'contacts',
            organizationId: org.id,
            naturalKey: { name: 'Bench ' + key },
            attributes: { firstName: 'Bench', lastName: key },
          });
        });
      },
    });
  },
};
`;

/** The contacts world (cases A–D): one contact per item, 300 ms latency, 30 requests / 3 s. */
const CONTACTS = {
  items: ITEMS,
  limit: LIMIT,
  latencyMs: 300,
  config: () => ({
    plugins: ['./bench-plugin.mjs'],
    pipelines: { bench: [{ step: 'bench.items', with: { count: ITEMS } }] },
  }),
  prepare: (dir) => fs.writeFileSync(path.join(dir, 'bench-plugin.mjs'), PLUGIN),
  /** Name → how many IT Glue holds. */
  written: (dump) =>
    (dump.contacts ?? []).map((c) => `${c.attributes['first-name']} ${c.attributes['last-name']}`),
};

/** The mail world (case E): 1,000 vendor mails filed as Email flexible assets. */
const MAILS = 1000;
const MAIL = {
  items: MAILS,
  limit: { requests: 100_000, windowSeconds: 10 },
  latencyMs: 0,
  config: () => ({
    plugins: ['email'],
    pipelines: {
      bench: [
        {
          step: 'email.import',
          with: {
            source: { type: 'directory', path: './inbox' },
            route: { defaultOrganization: 'Scale Out Ltd' },
          },
        },
      ],
    },
  }),
  prepare: (dir) => {
    fs.mkdirSync(path.join(dir, 'inbox'));
    const pdf = randomBytes(40_000);
    const png = randomBytes(12_000);
    for (let n = 0; n < MAILS; n++)
      fs.writeFileSync(path.join(dir, 'inbox', `${n}.eml`), message(n, pdf, png));
  },
  written: (dump) => (dump['flexible-assets'] ?? []).map((a) => String(a.attributes.name)),
};

async function runCase(name, workerCount, disturb, world = CONTACTS) {
  const redis = await startRedisServer({ appendonly: true });
  const emulator = await startEmulator({
    port: 0,
    latencyMs: world.latencyMs,
    rateLimit: { ...world.limit, retryAfter: 'seconds' },
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-bench-scale-'));
  const workers = [];
  try {
    await emulator.admin.insert('organizations', [{ name: 'Scale Out Ltd' }]);
    world.prepare(dir);
    fs.writeFileSync(
      path.join(dir, '.glueflowrc.json'),
      JSON.stringify({
        rateLimit: world.limit,
        ...world.config(),
        storage: { redis: { env: 'GLUEFLOW_REDIS_URL' } },
      }),
    );
    const env = {
      ...process.env,
      ITGLUE_API_URL: emulator.url,
      ITGLUE_API_KEY: 'ITG.emulator',
      GLUEFLOW_REDIS_URL: redis.url,
      NO_COLOR: '1',
    };
    const startWorker = (i) => {
      // each worker its own GLUEFLOW_HOME, as on its own machine
      const home = path.join(dir, `.home-${i}`);
      const child = spawn(process.execPath, [bin, 'worker', '--concurrency', '4'], {
        env: { ...env, GLUEFLOW_HOME: home },
        cwd: dir,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
      child.once('exit', (code, signal) => {
        if (code !== 0 && signal !== 'SIGKILL' && signal !== 'SIGTERM')
          process.stderr.write(`worker ${i} exited (${code ?? signal}):\n${stderr.slice(-4000)}\n`);
      });
      const ready = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker ${i} did not start:\n${stderr}`)), 30_000);
        const check = () =>
          stderr.includes('takes runs of') ? (clearTimeout(timer), resolve()) : setTimeout(check, 50);
        check();
      });
      return { child, ready, stderr: () => stderr };
    };
    for (let i = 0; i < workerCount; i++) workers.push(startWorker(i));
    await Promise.all(workers.map((w) => w.ready));
    emulator.admin.resetStats();

    const queue = WorkQueue.open(redis.url, 'default');
    const started = performance.now();
    const id = await queue.enqueue({ pipeline: 'bench', requestedBy: 'cli' });
    let disturbed = null;
    let result;
    for (;;) {
      await sleep(500);
      const elapsed = performance.now() - started;
      if (disturb && !disturbed) {
        // halfway: about two requests per item
        if (emulator.admin.stats().requests.total > ITEMS)
          disturbed = await disturb({ workers, redis, elapsed });
      }
      const job = await queue.queue.getJob(id).catch(() => null);
      if (job && (await job.isCompleted().catch(() => false))) {
        result = job.returnvalue;
        break;
      }
      if (elapsed > 60 * 60_000) throw new Error('the run did not finish within an hour');
    }
    const seconds = (performance.now() - started) / 1000;
    // How the work spread: each live worker's CPU seconds (a worker killed by the case has none).
    const workerCpuSeconds = workers.map((w) => (w.child.exitCode === null ? cpuSeconds(w.child.pid) : null));
    await queue.close();
    const stats = emulator.admin.stats();
    const written = world.written(await emulator.admin.dump());
    const byName = new Map();
    for (const key of written) byName.set(key, (byName.get(key) ?? 0) + 1);
    const duplicates = [...byName.values()].reduce((n, count) => n + (count - 1), 0);
    const lost = world.items - byName.size;
    const allowed = world.limit.requests / world.limit.windowSeconds;
    const achieved = stats.requests.total / seconds;
    console.log(
      JSON.stringify({
        bench: 'scale-out',
        case: name,
        items: world.items,
        workers: workerCount,
        seconds: Math.round(seconds * 10) / 10,
        job: result,
        disturbed,
        records: written.length,
        duplicates,
        lost,
        requests: stats.requests.total,
        byMethod: stats.requests.byMethod,
        rateLimited: stats.rateLimited,
        maxInWindow: stats.maxInWindow,
        limit: world.limit,
        rateRatio: Math.round((achieved / allowed) * 1000) / 1000,
        ceilingRatio: Math.round(ceiling(world) * 1000) / 1000,
        workerCpuSeconds,
        cores: os.cpus().length,
      }),
    );
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGTERM');
    await Promise.all(
      workers.map((w) => (w.child.exitCode === null ? new Promise((r) => w.child.once('exit', r)) : null)),
    );
    await emulator.stop();
    await redis.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const cases = {
  A: () => runCase('A-1-worker', 1),
  B: () => runCase('B-3-workers', 3),
  C: () =>
    runCase('C-3-workers-one-killed', 3, async ({ workers, elapsed }) => {
      workers[0].child.kill('SIGKILL');
      return { killedWorkerAtSeconds: Math.round(elapsed / 100) / 10 };
    }),
  D: () =>
    runCase('D-3-workers-redis-restarted', 3, async ({ redis, elapsed }) => {
      await redis.restart({ signal: 'SIGTERM', downMs: 2_000 });
      return { redisRestartedAtSeconds: Math.round(elapsed / 100) / 10, downMs: 2_000 };
    }),
  E: async () => {
    await runCase('E-email-1-worker', 1, undefined, MAIL);
    await runCase('E-email-2-workers', 2, undefined, MAIL);
  },
};
for (const letter of CASES) await cases[letter]?.();
