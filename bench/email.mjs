// plugin-email bench. Prints JSON lines. Run after `tsc -b`.
// Targets (issue 9): 1,000 messages with attachments parsed and planned (a dry run of email.import
// against the in-process emulator) in under 10 s; a message with a 25 MB attachment imported without
// peak RSS passing 300 MB (measured in a fresh child process, the in-process emulator included).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createTestEngine } from '../packages/testkit/dist/index.js';
import { emailPlugin, parseMessage } from '../packages/plugin-email/dist/index.js';
import { message } from './_mail.mjs';

const MESSAGES = 1000;

/**
 * `typeExists`: the Email type is already in IT Glue (every import after the first), so each planned
 * message is looked up under it; without it the dry run plans the type and looks nothing up.
 */
async function throughput({ typeExists }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'glueflow-bench-email-'));
  const t = await createTestEngine({
    plugins: [[emailPlugin, {}]],
    baseDir: dir,
    emulator: { rateLimit: { requests: 1_000_000, windowSeconds: 300 } },
    logLevel: 'error',
  });
  try {
    await t.client.organizations.create({ name: 'Acme Corp' });
    if (typeExists) {
      // A real import of one earlier message, from a folder outside the one planned below.
      const earlier = await mkdtemp(path.join(os.tmpdir(), 'glueflow-bench-email-earlier-'));
      await writeFile(path.join(earlier, 'earlier.eml'), message(-1, randomBytes(100), randomBytes(100)));
      await t.runStep('email.import', {
        source: { type: 'directory', path: earlier },
        route: { map: { 'acme.example': 'Acme Corp' } },
      });
      await rm(earlier, { recursive: true, force: true });
    }
    const pdf = randomBytes(40_000);
    const png = randomBytes(12_000);
    let bytes = 0;
    const raws = [];
    for (let n = 0; n < MESSAGES; n++) {
      const raw = Buffer.from(message(n, pdf, png));
      raws.push(raw);
      bytes += raw.length;
      await writeFile(path.join(dir, `${String(n).padStart(4, '0')}.eml`), raw);
    }
    let started = performance.now();
    let attachments = 0;
    for (const raw of raws) attachments += (await parseMessage(raw)).attachments.length;
    const parseMs = performance.now() - started;

    started = performance.now();
    const summary = await t.runStep(
      'email.import',
      { source: { type: 'directory', path: '.' }, route: { map: { 'acme.example': 'Acme Corp' } } },
      { dryRun: true },
    );
    const planMs = performance.now() - started;
    return {
      bench: 'email-1000-messages',
      case: typeExists ? 'Email type exists' : 'first import (type planned)',
      messages: MESSAGES,
      megabytes: +(bytes / 1e6).toFixed(1),
      attachmentsParsed: attachments,
      parseOnlyMs: Math.round(parseMs),
      parseAndPlanMs: Math.round(planMs),
      plannedCreates: summary.counts.created,
      itglueRequests: summary.requests.total,
      plannedFiles: t.plan.filter(
        (e) => e.request?.resourceType === 'attachments' || String(e.sourceKey).startsWith('attachment:'),
      ).length,
      status: summary.status,
      targetMs: 10_000,
      pass: planMs < 10_000 && summary.counts.created === MESSAGES,
    };
  } finally {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The message is written by the parent, so the child's peak RSS is the import's alone. */
async function writeBigMessage() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'glueflow-bench-email-rss-'));
  await writeFile(path.join(dir, 'big.eml'), message(1, randomBytes(25 * 1024 * 1024), randomBytes(12_000)));
  return dir;
}

/** In a fresh process: one message with a 25 MB attachment through a real (not dry) import. */
async function peakRss(dir) {
  const t = await createTestEngine({ plugins: [[emailPlugin, {}]], baseDir: dir, logLevel: 'error' });
  try {
    await t.client.organizations.create({ name: 'Acme Corp' });
    const before = process.memoryUsage().rss;
    const summary = await t.runStep('email.import', {
      source: { type: 'directory', path: '.' },
      route: { map: { 'acme.example': 'Acme Corp' } },
    });
    const peakMb = process.resourceUsage().maxRSS / 1024;
    return {
      bench: 'email-25mb-attachment',
      attachmentMb: 25,
      rssBeforeMb: Math.round(before / 1024 / 1024),
      peakRssMb: Math.round(peakMb),
      created: summary.counts.created,
      skippedFileMessage:
        summary.messages.find((m) => m.code === 'EEMAIL_ATTACHMENT_SKIPPED')?.reason ?? null,
      targetMb: 300,
      pass: peakMb < 300 && summary.counts.created === 1,
    };
  } finally {
    await t.close();
  }
}

const rssAt = process.argv.indexOf('--rss');
if (rssAt !== -1) {
  console.log(JSON.stringify(await peakRss(process.argv[rssAt + 1])));
} else {
  console.log(JSON.stringify(await throughput({ typeExists: false })));
  console.log(JSON.stringify(await throughput({ typeExists: true })));
  const dir = await writeBigMessage();
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--rss', dir], {
    encoding: 'utf8',
  });
  process.stdout.write(child.stdout);
  if (child.status !== 0) process.stderr.write(child.stderr);
  await rm(dir, { recursive: true, force: true });
}
