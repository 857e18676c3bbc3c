// plugin-email hostile-input bench (issue 17, points 9 and 10). Prints one JSON line per case.
// Run after `tsc -b`: it imports built dist (the attacker corpus from dist/__fixtures__/attacker).
// Each case runs in a fresh child process, so its peak RSS (maxRSS) is its own:
// - many-parts: one mail with 10,000 attachments, imported for real into the in-process emulator
//   (before the fix: 14 minutes, 7,492 uploads, 31,928 GETs);
// - huge-line: an mbox whose middle message is one 64 MB line without a newline — read alone with the
//   default limit (skipped), read alone with a 128 MB limit (assembled whole), and imported (before the
//   fix: 63 s to assemble the line);
// - oversize-150mb: a 150 MB .eml, and the same message inside an mbox, imported (before: 780 MB RSS);
// - at-limit: the largest message the default limit lets through (a 36 MB attachment, ~49 MB of MIME).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createTestEngine } from '../packages/testkit/dist/index.js';
import { emailPlugin, readMbox } from '../packages/plugin-email/dist/index.js';
import {
  mail,
  manyPartsMail,
  writeHugeLineMbox,
  writeOversizeMail,
} from '../packages/plugin-email/dist/__fixtures__/attacker/index.js';

const MB = 1024 * 1024;
const ROUTE = { map: { 'acme.example': 'Acme Corp' } };
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** One email.import run over `dir` against a fresh in-process emulator, with request counts. */
async function importFolder(dir, withOptions = {}) {
  const t = await createTestEngine({
    plugins: [[emailPlugin, {}]],
    baseDir: dir,
    emulator: { rateLimit: { requests: 1_000_000, windowSeconds: 300 } },
    logLevel: 'error',
  });
  try {
    await t.client.organizations.create({ name: 'Acme Corp' });
    t.requests.length = 0;
    const started = performance.now();
    const summary = await t.runStep('email.import', {
      source: { type: 'directory', path: '.' },
      route: ROUTE,
      ...withOptions,
    });
    const ms = Math.round(performance.now() - started);
    const requests = t.requests;
    return {
      ms,
      counts: summary.counts,
      status: summary.status,
      requests: {
        total: requests.length,
        uploads: requests.filter((r) => r.method === 'POST' && r.url.includes('/relationships/attachments'))
          .length,
        attachmentListings: requests.filter((r) => r.url.includes('include=attachments')).length,
        otherGets: requests.filter((r) => r.method === 'GET' && !r.url.includes('include=attachments'))
          .length,
      },
      messages: summary.messages
        .filter((m) => m.severity !== 'info')
        .map((m) => `${m.code}: ${m.reason}`)
        .slice(0, 3),
    };
  } finally {
    await t.close();
  }
}

/** Reads an mbox alone: how long, how many messages, how big the largest one held. */
async function readBox(file, maxMessageBytes) {
  const started = performance.now();
  const items = [];
  for await (const item of readMbox(file, maxMessageBytes ? { maxMessageBytes } : {}))
    items.push('raw' in item ? { bytes: item.raw.length } : { tooLarge: item.tooLarge });
  return { ms: Math.round(performance.now() - started), items };
}

const CASES = {
  'many-parts': async (dir) => ({ parts: 10_000, ...(await importFolder(dir)) }),
  'huge-line-read-default': async (dir) => ({
    line: '64 MB',
    maxMessageBytes: '50 MiB (default)',
    ...(await readBox(path.join(dir, 'box.mbox'))),
  }),
  'huge-line-read-128mb': async (dir) => ({
    line: '64 MB',
    maxMessageBytes: '128 MiB',
    ...(await readBox(path.join(dir, 'box.mbox'), 128 * MB)),
  }),
  'huge-line-import': async (dir) => ({ line: '64 MB', ...(await importFolder(dir)) }),
  'oversize-150mb-eml': async (dir) => ({ message: '150 MB .eml', ...(await importFolder(dir)) }),
  'oversize-150mb-mbox': async (dir) => ({ message: '150 MB in an mbox', ...(await importFolder(dir)) }),
  'at-limit': async (dir) => ({ message: '36 MB attachment (~49 MB MIME)', ...(await importFolder(dir)) }),
};

/** Inputs are written by the parent, so a child's peak RSS is the case's alone. */
const INPUTS = {
  'many-parts': (dir) => writeFile(path.join(dir, 'many.eml'), manyPartsMail(10_000)),
  'huge-line-read-default': (dir) => writeHugeLineMbox(path.join(dir, 'box.mbox'), 64 * MB),
  'huge-line-read-128mb': (dir) => writeHugeLineMbox(path.join(dir, 'box.mbox'), 64 * MB),
  'huge-line-import': (dir) => writeHugeLineMbox(path.join(dir, 'box.mbox'), 64 * MB),
  'oversize-150mb-eml': (dir) => writeOversizeMail(path.join(dir, 'big.eml'), 150 * MB),
  'oversize-150mb-mbox': async (dir) => {
    const eml = path.join(os.tmpdir(), `glueflow-bench-150-${process.pid}.eml`);
    await writeOversizeMail(eml, 150 * MB);
    const { createReadStream, createWriteStream } = await import('node:fs');
    const { pipeline } = await import('node:stream/promises');
    const out = createWriteStream(path.join(dir, 'box.mbox'));
    out.write('From reports@acme.example Tue Mar  3 09:15:00 2026\n');
    await pipeline(createReadStream(eml), out);
    await rm(eml, { force: true });
  },
  'at-limit': (dir) =>
    writeFile(
      path.join(dir, 'big.eml'),
      mail({
        from: 'Acme Reports <reports@acme.example>',
        subject: 'Backup image',
        messageId: 'at-limit@acme.example',
        body: 'Attached.',
        files: [{ name: 'image.bin', type: 'application/octet-stream', content: randomBytes(36 * MB) }],
      }),
    ),
};

const caseAt = process.argv.indexOf('--case');
if (caseAt !== -1) {
  const name = process.argv[caseAt + 1];
  const result = await CASES[name](process.argv[caseAt + 2]);
  console.log(JSON.stringify({ bench: 'email-hostile', case: name, ...result, peakRssMb: peakMb() }));
} else {
  for (const name of Object.keys(CASES)) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'glueflow-bench-hostile-'));
    try {
      await INPUTS[name](dir);
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name, dir], {
        encoding: 'utf8',
        maxBuffer: 16 * MB,
      });
      process.stdout.write(child.stdout);
      if (child.status !== 0) process.stderr.write(child.stderr);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
