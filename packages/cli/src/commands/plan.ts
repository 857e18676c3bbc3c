/** `glueflow plan <pipeline> [--out FILE] [--json] [--detailed-exitcode]` */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plan, RunSummary } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';
import { toJsonSummary } from '../render/json-summary.js';
import { planTotals, printPlan } from '../render/plan-report.js';
import { observeRuns } from '../render/progress.js';
import { printRunReport } from '../render/run-report.js';
import { withSession } from '../session/open-session.js';
import { writeFailed } from '../usage-error.js';
import { exitCodeOf } from './run-outcome.js';

export interface PlanFlags {
  out?: string;
  json?: boolean;
  detailedExitcode?: boolean;
}

export async function planCommand(ctx: CliContext, pipeline: string, flags: PlanFlags): Promise<number> {
  return withSession(ctx, async ({ runtime }) => {
    const observer = await observeRuns(ctx, runtime, !flags.json);
    const { summary, plan } = await runtime
      .plan(pipeline, { signal: ctx.signal, onProgress: observer.onProgress })
      .finally(() => observer.stop());
    if (flags.out) {
      // Plans hold no secret values (core masks them), so an ordinary file is fine.
      await writeFile(path.resolve(ctx.cwd, flags.out), `${JSON.stringify(plan, null, 2)}\n`).catch(
        (error) => {
          throw writeFailed('the plan to', flags.out!, error);
        },
      );
    }
    if (flags.json) {
      ctx.json({ ...toJsonSummary(summary), plan });
    } else {
      printPlan(ctx, plan);
      printRunReport(ctx, summary, observer.steps);
      if (flags.out)
        ctx.print(`Saved the plan to ${flags.out}; apply it with \`glueflow apply ${flags.out}\`.`);
    }
    return flags.detailedExitcode ? detailedExitCodeOf(summary, plan, ctx.signal) : exitCodeOf(summary);
  });
}

/**
 * terraform's `plan -detailed-exitcode`, for CI that acts on drift: 0 nothing to change, 2 changes
 * (creates, updates, or conflicts that need a decision), 1 an error — any item that failed too, since
 * a plan that could not look at everything cannot say "no changes".
 */
function detailedExitCodeOf(summary: RunSummary, plan: Plan, signal: AbortSignal): ExitCode {
  if (summary.status === 'interrupted') return exitCodeOf(summary, signal);
  if (summary.status !== 'ok') return EXIT.fatal;
  const totals = planTotals(plan);
  return totals.create + totals.update + totals.conflict > 0 ? EXIT.itemsFailed : EXIT.ok;
}
