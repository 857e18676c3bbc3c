/** The human report of a run (and of `apply`): per step counts, events, requests, messages. */
import type { ItemCounts, ItemMessage, RunSummary, StepInfo, StepResult } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { columns, duration } from './format.js';

export interface StepLine {
  step: StepInfo;
  result: StepResult;
}

const ICON = { ok: '✓', partial: '⚠', failed: '✗', interrupted: '⏹' } as const;

/** "5 created, 0 updated, …": recreated only when there are some; see plan-report's `planCountsText`. */
export function countsText(counts: ItemCounts): string {
  return (['created', 'recreated', 'updated', 'unchanged', 'skipped', 'failed'] as const)
    .filter((key) => key !== 'recreated' || counts.recreated > 0)
    .map((key) => `${counts[key]} ${key}`)
    .join(', ')
    .concat(counts.updatedAgain > 0 ? ` (${counts.updatedAgain} updated again later in the run)` : '');
}

export function printRunReport(ctx: CliContext, summary: RunSummary, steps: StepLine[]): void {
  const c = ctx.colors;
  const paint = summary.status === 'ok' ? c.green : summary.status === 'partial' ? c.yellow : c.red;
  const mode = summary.dryRun ? ' (dry run: nothing written)' : '';
  ctx.print(
    `${paint(ICON[summary.status])} ${c.bold(summary.pipeline)}: ${paint(summary.status)}${mode} in ${duration(summary.durationMs)}`,
  );
  const rows = steps.map(({ step, result }) => [
    `  ${ICON[result.status]} ${step.name}`,
    countsText(result.counts),
  ]);
  for (const line of columns(rows)) ctx.print(line);
  if (steps.length !== 1) ctx.print(`  total: ${countsText(summary.counts)}`);
  const events = Object.entries(summary.events).filter(([, n]) => n > 0);
  ctx.print(
    `  events: ${events.length === 0 ? 'none' : events.map(([hook, n]) => `${hook} ×${n}`).join(', ')}`,
  );
  if (summary.interrupted) {
    const { remaining, stepsNotRun } = summary.interrupted;
    const left = [
      remaining === null ? 'an unknown number of items' : `${remaining} item(s)`,
      ...(stepsNotRun.length > 0 ? [`step(s) ${stepsNotRun.join(', ')}`] : []),
    ].join(' and ');
    ctx.print(
      `  ${c.yellow('⏹')} interrupted: ${left} not reached; what was done is kept, and the next run resumes`,
    );
  }
  const r = summary.requests;
  ctx.print(`  requests: ${r.total} (${r.retries} retries, ${r.rateLimited} rate limited)`);
  for (const w of summary.warnings) {
    ctx.print(
      `  ${c.yellow('⚠')} IT Glue sent ${w.type}.${w.attribute} as ${w.found} (expected ${w.expected}) ×${w.count}: left out, records kept [${w.code}]`,
    );
  }
  printMessages(ctx, summary.messages);
  for (const failure of summary.listenerFailures) {
    ctx.print(
      `  ${c.yellow('⚠')} listener ${failure.plugin} on ${failure.hook} failed: ${failure.message}${failure.code ? ` [${failure.code}]` : ''}`,
    );
  }
}

export function printMessages(ctx: CliContext, messages: readonly ItemMessage[]): void {
  if (messages.length === 0) return;
  const c = ctx.colors;
  ctx.print('  messages:');
  const shown = ctx.globals.verbose ? messages : messages.filter((m) => m.severity !== 'info');
  for (const m of shown) {
    const icon = m.severity === 'error' ? c.red('✗') : m.severity === 'warning' ? c.yellow('⚠') : c.dim('ℹ');
    const where = [m.item, m.place].filter(Boolean).join(':');
    ctx.print(
      `    ${icon} ${where ? `${c.bold(where)}  ` : ''}${m.reason}${m.code ? c.dim(` [${m.code}]`) : ''}`,
    );
    if (m.expected) ctx.print(`        expected: ${m.expected}`);
    if (m.actual) ctx.print(`        found:    ${m.actual}`);
    if (m.hint) ctx.print(`        ${c.dim('hint:')} ${m.hint}`);
  }
  const hidden = messages.length - shown.length;
  if (hidden > 0)
    ctx.print(c.dim(`    (${hidden} info message${hidden === 1 ? '' : 's'}; --verbose shows them)`));
}
