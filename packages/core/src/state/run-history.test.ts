/** The run history over a real SQLite file: record, filter, prune, and runs whose process died. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { GlueflowStorage } from '../storage/glueflow-storage.js';
import { SqliteRunHistory } from './run-history.js';
import type { RunOutcome } from './run-history-types.js';

let home: string;
let storage: GlueflowStorage;
let now: number;
const DAY = 86_400_000;

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-history-'));
  storage = await GlueflowStorage.open({ env: { GLUEFLOW_HOME: home }, instance: 'prod' });
  now = Date.parse('2026-12-01T02:00:00Z');
});
afterEach(async () => {
  await storage.close();
  fs.rmSync(home, { recursive: true, force: true });
});

function history(alive: (pid: number) => boolean = () => true): Promise<SqliteRunHistory> {
  return SqliteRunHistory.over(storage, { clock: () => now, alive });
}

const ok: RunOutcome = {
  status: 'ok',
  counts: { created: 2, updated: 0, unchanged: 5, skipped: 0, failed: 0 } as RunOutcome['counts'],
  requests: { total: 9, retries: 0, rateLimited: 0 },
  warnings: 0,
  events: { 'organization:created': 2 },
  messages: [],
  messageTotals: { errors: 0, warnings: 0 },
};

async function ran(
  h: SqliteRunHistory,
  pipeline: string,
  outcome: RunOutcome = ok,
  ms = 1000,
): Promise<number> {
  const id = await h.start({ kind: 'run', pipeline, dryRun: false });
  now += ms;
  await h.finish(id, outcome);
  now += 60_000;
  return id;
}

it('records start and end, and lists newest first with filters', async () => {
  const h = await history();
  const first = await ran(h, 'nightly');
  const failed = await ran(h, 'nightly', {
    ...ok,
    status: 'partial',
    messages: [{ severity: 'error', reason: 'no name', item: 'c:9', code: 'EPSA_NAME' }],
    messageTotals: { errors: 1, warnings: 0 },
  });
  const other = await ran(h, 'runbooks');
  const running = await h.start({ kind: 'plan', pipeline: 'runbooks', dryRun: true });

  expect((await h.list()).map((r) => r.id)).toEqual([running, other, failed, first]);
  expect((await h.list({ pipeline: 'nightly' })).map((r) => r.id)).toEqual([failed, first]);
  expect((await h.list({ status: 'partial' })).map((r) => r.id)).toEqual([failed]);
  expect((await h.list({ kind: 'plan' })).map((r) => r.id)).toEqual([running]);
  expect((await h.list({ since: now - 90_000 })).map((r) => r.id)).toEqual([running, other]);
  expect(await h.list({ limit: 1 })).toHaveLength(1);

  expect(await h.get(failed)).toEqual({
    id: failed,
    kind: 'run',
    pipeline: 'nightly',
    dryRun: false,
    status: 'partial',
    startedAt: '2026-12-01T02:01:01.000Z',
    endedAt: '2026-12-01T02:01:02.000Z',
    durationMs: 1000,
    host: os.hostname(),
    pid: process.pid,
    counts: ok.counts,
    requests: ok.requests,
    warnings: 0,
    events: ok.events,
    messages: [{ severity: 'error', reason: 'no name', item: 'c:9', code: 'EPSA_NAME' }],
    messageTotals: { errors: 1, warnings: 0 },
  });
  expect(await h.get(running)).toMatchObject({
    status: 'running',
    dryRun: true,
    endedAt: null,
    counts: null,
  });
  expect(await h.get(9999)).toBeNull();
});

it('prunes all but the newest `keep` runs of each pipeline, and runs older than maxAgeDays', async () => {
  const h = await history();
  const old = await ran(h, 'weekly');
  now += 40 * DAY;
  const nightly = [];
  for (let i = 0; i < 5; i++) nightly.push(await ran(h, 'nightly'));
  const polls = [];
  for (let i = 0; i < 5; i++) polls.push(await ran(h, 'watch'));

  expect(await h.prune({ keep: 3, maxAgeDays: 30 })).toBe(1 + 2 + 2);
  const kept = (await h.list({ limit: 100 })).map((r) => r.id);
  // Retention is per pipeline: five watch polls did not push nightly's runs out.
  expect(kept).toEqual([...polls.slice(2).reverse(), ...nightly.slice(2).reverse()]);
  expect(kept).not.toContain(old);
});

it('a run whose process died is settled as interrupted (this host only); a live one stays running', async () => {
  const dead = 999_999;
  const h = await history((pid) => pid !== dead);
  const id = await h.start({ kind: 'run', pipeline: 'nightly', dryRun: false });
  const live = await h.start({ kind: 'run', pipeline: 'runbooks', dryRun: false });
  await storage.write(() => storage.all('UPDATE run_history SET pid = ? WHERE id = ?', [dead, id]));
  const record = await h.get(id);
  expect(record).toMatchObject({
    status: 'interrupted',
    endedAt: null,
    error: { code: 'ERUN_ABANDONED', message: expect.stringContaining(`pid ${dead}`) },
  });
  expect((await h.get(live))?.status).toBe('running');
});
