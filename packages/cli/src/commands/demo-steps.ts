/** The demo's chapters: one pipeline (plan → apply → events → idempotent re-run), then watch. */
import type { EntityEvent, ItemCounts, Plan, RunSummary } from '@glueflow/core';
import { hookNameOf } from '@glueflow/core';
import type { RunningEmulator } from '@glueflow/emulator';
import type { CliContext } from '../context.js';
import { columns } from '../render/format.js';
import { planCounts, planTotals, printPlan } from '../render/plan-report.js';
import { observeRuns } from '../render/progress.js';
import type { RunObserver } from '../render/progress.js';
import { countsText, printMessages } from '../render/run-report.js';
import type { Session } from '../session/open-session.js';

const SHOWN = 6;

export interface DemoOutcome {
  pipeline: string;
  planned: number;
  applied: RunSummary;
  eventsFired: number;
  applyWrites: number;
  rerun: RunSummary;
  rerunWrites: number;
  ok: boolean;
}

/** Taps once per session: the events of the last apply, and the progress observer. */
interface DemoTaps {
  events: EntityEvent[];
  observer: RunObserver;
}
const taps = new WeakMap<Session, DemoTaps>();

async function tapsOf(ctx: CliContext, session: Session): Promise<DemoTaps> {
  let found = taps.get(session);
  if (!found) {
    const events: EntityEvent[] = [];
    session.runtime.engine.hooks.onEntityEvent.tap('glueflow:demo', (event) => void events.push(event));
    found = { events, observer: await observeRuns(ctx, session.runtime, true) };
    taps.set(session, found);
  }
  return found;
}

export async function demoPipeline(
  ctx: CliContext,
  session: Session,
  emulator: RunningEmulator,
  pipeline: string,
  counter: string,
): Promise<DemoOutcome> {
  const { runtime } = session;
  const c = ctx.colors;
  const { events, observer } = await tapsOf(ctx, session);
  const steps = (runtime.config.pipelines[pipeline] ?? []).map((s) => s.step).join(', ');
  const writes = () => emulator.admin.stats().writesApplied;
  ctx.print('');
  ctx.print(c.bold(`━━ ${counter} pipeline "${pipeline}" (${steps})`));

  ctx.print(c.bold('1. plan') + c.dim('  — a dry run: what would change, nothing written'));
  const { plan } = await runtime.plan(pipeline, { onProgress: observer.onProgress });
  observer.stop();
  printPlan(ctx, plan, SHOWN);

  ctx.print(c.bold('2. apply') + c.dim('  — exactly that plan; a record that drifted would be refused'));
  events.splice(0);
  const before = writes();
  const { summary: applied, plan: done } = await runtime.apply(plan, { onProgress: observer.onProgress });
  observer.stop();
  const applyWrites = writes() - before;
  ctx.print(`  ${countsText(applied.counts)} — ${applyWrites} write request(s)`);
  const drift = planDrift(plan, done);
  ctx.print(
    drift
      ? `  ${c.red('✗')} not what the plan said: ${drift}`
      : `  ${c.green('✓')} exactly what the plan said`,
  );
  printMessages(ctx, applied.messages);

  ctx.print(c.bold('3. events fired') + c.dim('  — what plugins tapping the hooks were told'));
  const fired = Object.entries(applied.events).filter(([, n]) => n > 0);
  ctx.print(`  ${fired.length ? fired.map(([hook, n]) => `${hook} ×${n}`).join(', ') : 'none'}`);
  for (const event of events.slice(0, SHOWN)) {
    const name = event.record?.name ? ` "${event.record.name}"` : '';
    ctx.print(`    ${hookNameOf(event)}  #${event.recordId}${name}`);
  }
  if (events.length > SHOWN) ctx.print(`    … and ${events.length - SHOWN} more`);

  ctx.print(c.bold('4. run again') + c.dim('  — sources unchanged'));
  const between = writes();
  const { summary: rerun } = await runtime.run(pipeline, { onProgress: observer.onProgress });
  observer.stop();
  const rerunWrites = writes() - between;
  const idempotent = rerunWrites === 0 && rerun.counts.created + rerun.counts.updated === 0;
  ctx.print(
    `  ${idempotent ? c.green('✓') : c.red('✗')} ${rerunWrites} write request(s); ${countsText(rerun.counts)}`,
  );
  return {
    pipeline,
    planned: plan.entries.length - planTotals(plan).unchanged,
    applied,
    eventsFired: events.length,
    applyWrites,
    rerun,
    rerunWrites,
    ok: applied.status !== 'failed' && idempotent && !drift,
  };
}

/**
 * How a real run differs from its dry run: the item counts both print (a step's own skips included),
 * and the first decision per record, counted per action and resource type. A run may write a record
 * twice (markdown rewrites links once the targets have ids): the plan counts those up front, as "up to"
 * — whether a link waits depends on the order files are written in. Attachments are left out of the
 * per-record tally: some are uploaded after their record is written (markdown images), which a dry run
 * cannot do, and their keys name ids that exist only once the record does.
 */
export function planDrift(planned: Plan, done: Plan): string | undefined {
  const counts = countDrift(planCounts(planned), planCounts(done));
  const tally = (plan: Plan) => {
    const first = new Map<string, string>();
    for (const e of plan.entries) {
      if (e.request.resourceType === 'attachments') continue;
      const record = `${e.plugin}\u0000${e.sourceKey}`;
      if (!first.has(record)) first.set(record, `${e.action} ${e.request.resourceType}`);
    }
    const counts = new Map<string, number>();
    for (const key of first.values()) counts.set(key, (counts.get(key) ?? 0) + 1);
    return counts;
  };
  const [a, b] = [tally(planned), tally(done)];
  const differences = [...new Set([...a.keys(), ...b.keys()])]
    .filter((key) => (a.get(key) ?? 0) !== (b.get(key) ?? 0))
    .map((key) => `${key}: planned ${a.get(key) ?? 0}, done ${b.get(key) ?? 0}`);
  return [...counts, ...differences].join('; ') || undefined;
}

function countDrift(planned: ItemCounts, done: ItemCounts): string[] {
  const keys = ['created', 'recreated', 'updated', 'unchanged', 'skipped', 'failed'] as const;
  const differences = keys
    .filter((key) => planned[key] !== done[key])
    .map((key) => `${key}: planned ${planned[key]}, done ${done[key]}`);
  if (done.updatedAgain > planned.updatedAgain)
    differences.push(`updated again: planned up to ${planned.updatedAgain}, done ${done.updatedAgain}`);
  return differences;
}

export interface WatchOutcome {
  rotated: number;
  ok: boolean;
}

/** Someone rotates a password in IT Glue's web UI; `glueflow watch` notices and fires onPasswordRotated. */
export async function demoWatch(
  ctx: CliContext,
  session: Session,
  emulator: RunningEmulator,
): Promise<WatchOutcome> {
  const c = ctx.colors;
  ctx.print('');
  ctx.print(
    c.bold('━━ watch') + c.dim('  — IT Glue has no webhooks: glueflow polls and fires the same hooks'),
  );
  const types = ['organizations', 'passwords'];
  await session.runtime.watch({ types, once: true }); // first poll: the baseline
  const dump = await emulator.admin.dump();
  const password = dump.passwords?.[0];
  if (!password) {
    ctx.print(c.red('  ✗ the emulator has no password to rotate'));
    return { rotated: 0, ok: false };
  }
  await emulator.admin.mutate('passwords', password.id, { password: `rotated-${Date.now()}` });
  ctx.print(
    `  a technician rotates password #${password.id} "${String(password.attributes.name)}" in the web UI`,
  );
  const report = await session.runtime.watch({ types, once: true });
  for (const event of report.events) ctx.print(`    ${event.hook}  #${event.recordId}`);
  const rotated = report.events.filter((e) => e.hook === 'onPasswordRotated').length;
  ctx.print(
    `  ${rotated === 1 ? c.green('✓') : c.red('✗')} onPasswordRotated fired ${rotated} time(s), carrying metadata only (never the value)`,
  );
  return { rotated, ok: rotated === 1 };
}

export function printDemoSummary(ctx: CliContext, outcomes: DemoOutcome[], watch: WatchOutcome): boolean {
  const c = ctx.colors;
  ctx.print('');
  ctx.print(c.bold('━━ summary'));
  const rows = [
    ['  pipeline', 'status', 'created', 'updated', 'failed', 'events', 're-run writes'],
    ...outcomes.map((o) => [
      `  ${o.pipeline}`,
      o.applied.status,
      String(o.applied.counts.created),
      String(o.applied.counts.updated),
      String(o.applied.counts.failed),
      String(o.eventsFired),
      String(o.rerunWrites),
    ]),
  ];
  for (const line of columns(rows)) ctx.print(line);
  const ok = outcomes.length > 0 && outcomes.every((o) => o.ok) && watch.ok;
  if (ok) {
    ctx.print(c.green('✓ Every pipeline applied its plan, and re-running wrote nothing.'));
    ctx.print('Next: `glueflow init` writes a config for your IT Glue account (docs/getting-started.md).');
  } else {
    const failed = outcomes.filter((o) => !o.ok).map((o) => o.pipeline);
    if (!watch.ok) failed.push('watch');
    ctx.warn(c.red(`✗ The demo did not behave as expected in: ${failed.join(', ') || 'no pipeline ran'}`));
  }
  return ok;
}
