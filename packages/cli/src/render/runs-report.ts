/** The human views of the run history: a compact table of runs, and one run in full. */
import type { RunFilter, RunRecord } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { columns, duration } from './format.js';
import { countsText as allCounts, printMessages } from './run-report.js';

const ICON: Record<RunRecord['status'], string> = {
  running: '…',
  ok: '✓',
  partial: '⚠',
  failed: '✗',
  interrupted: '⏹',
};

export function printRunsTable(ctx: CliContext, runs: RunRecord[], filter: RunFilter): void {
  if (runs.length === 0) {
    const filtered = filter.pipeline ?? filter.status ?? filter.kind ?? filter.since;
    ctx.print(filtered ? 'No recorded run matches.' : 'No runs recorded yet for this instance.');
    return;
  }
  const rows = runs.map((run) => [
    `#${run.id}`,
    localTime(run.startedAt),
    run.kind,
    run.pipeline,
    paint(ctx, run.status, `${ICON[run.status]} ${run.status}`),
    run.durationMs === null ? '-' : duration(run.durationMs),
    requestsText(run),
    resultText(run),
  ]);
  const head = ['id', 'started', 'kind', 'pipeline', 'status', 'took', 'requests', 'result'];
  const [header, ...lines] = columns([head, ...rows]);
  ctx.print(ctx.colors.dim(header ?? ''));
  for (const line of lines) ctx.print(line);
  if (runs.length === filter.limit) {
    ctx.print(
      ctx.colors.dim(`(the newest ${runs.length}; --limit shows more, \`runs show ID\` one in full)`),
    );
  }
}

export function printRunRecord(ctx: CliContext, run: RunRecord): void {
  const c = ctx.colors;
  ctx.print(
    `${c.bold(`Run #${run.id}`)}: ${run.kind} of ${c.bold(run.pipeline)}${run.dryRun ? ' (dry run)' : ''} — ${paint(ctx, run.status, `${ICON[run.status]} ${run.status}`)}`,
  );
  const rows: string[][] = [
    ['  started', `${localTime(run.startedAt)} (${run.startedAt})`],
    [
      '  ended',
      run.endedAt
        ? `${localTime(run.endedAt)}, took ${duration(run.durationMs ?? 0)}`
        : run.status === 'running'
          ? 'still running'
          : 'never (the process stopped first)',
    ],
    ['  process', `pid ${run.pid} on ${run.host}`],
  ];
  if (run.counts)
    rows.push([run.dryRun ? '  planned' : '  counts', plannedWords(allCounts(run.counts), run.dryRun)]);
  if (run.requests) {
    const r = run.requests;
    rows.push(['  requests', `${r.total} (${r.retries} retries, ${r.rateLimited} rate limited)`]);
  }
  rows.push(['  warnings', String(run.warnings)]);
  const events = Object.entries(run.events).filter(([, n]) => n > 0);
  rows.push(['  events', events.length ? events.map(([hook, n]) => `${hook} ×${n}`).join(', ') : 'none']);
  for (const line of columns(rows)) ctx.print(line);
  if (run.error) {
    ctx.print(`  ${c.red('✗')} ${c.bold(run.error.code)} ${run.error.message}`);
    if (run.error.hint) ctx.print(`    ${c.dim('hint:')} ${run.error.hint}`);
  }
  if (run.interrupted) {
    const { remaining, stepsNotRun } = run.interrupted;
    const left = [
      remaining === null ? 'an unknown number of items' : `${remaining} item(s)`,
      ...(stepsNotRun.length ? [`step(s) ${stepsNotRun.join(', ')}`] : []),
    ].join(' and ');
    ctx.print(`  ${c.yellow('⏹')} interrupted: ${left} not reached`);
  }
  if (run.messages.length > 0) {
    printMessages(ctx, run.messages);
    const total = run.messageTotals.errors + run.messageTotals.warnings;
    if (total > run.messages.length) {
      ctx.print(
        c.dim(`    (the first ${run.messages.length} of ${total} errors and warnings; the log has all)`),
      );
    }
  }
}

/** Counts that are not zero (`2 created, 1 failed`): the table has one line per run. */
function countsText(counts: object, dryRun: boolean): string {
  const shown = (Object.entries(counts) as [string, number][]).filter(([, n]) => n > 0);
  const text = shown.length ? shown.map(([key, n]) => `${n} ${key}`).join(', ') : 'nothing to do';
  return plannedWords(text, dryRun);
}

/** A plan wrote nothing: its counts say what a run would do (`2 to create`), never `2 created`. */
const PLANNED: Record<string, string> = {
  created: 'to create',
  recreated: 'to re-create',
  updated: 'to update',
  skipped: 'to skip',
  updatedAgain: 'to update again',
};

function plannedWords(text: string, dryRun: boolean): string {
  if (!dryRun) return text;
  return text.replace(
    /\b(created|recreated|updated|skipped|updatedAgain)\b/g,
    (word) => PLANNED[word] ?? word,
  );
}

function resultText(run: RunRecord): string {
  if (run.error) return run.error.code;
  if (run.status === 'running') return 'running';
  if (!run.counts) {
    const events = Object.values(run.events).reduce((a, b) => a + b, 0);
    return events === 0 ? 'no events' : `${events} event${events === 1 ? '' : 's'}`;
  }
  return countsText(run.counts, run.dryRun);
}

function requestsText(run: RunRecord): string {
  if (!run.requests) return '-';
  const limited = run.requests.rateLimited;
  return `${run.requests.total}${limited ? ` (${limited}×429)` : ''}`;
}

function paint(ctx: CliContext, status: RunRecord['status'], text: string): string {
  const c = ctx.colors;
  if (status === 'ok') return c.green(text);
  if (status === 'partial' || status === 'interrupted') return c.yellow(text);
  return status === 'failed' ? c.red(text) : text;
}

/** Local wall-clock time, to the second: when a person remembers "last night at two". */
function localTime(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
