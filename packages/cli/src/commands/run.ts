/** `glueflow run <pipeline> [--dry-run] [--full] [--json]` */
import type { CliContext } from '../context.js';
import { printPlan } from '../render/plan-report.js';
import { observeRuns } from '../render/progress.js';
import { printRunReport } from '../render/run-report.js';
import { toJsonSummary } from '../render/json-summary.js';
import { withSession } from '../session/open-session.js';
import { UsageError } from '../usage-error.js';
import { forgetCursors } from './full-sync.js';
import { parseWait } from './duration.js';
import { exitCodeOf } from './run-outcome.js';

export interface RunFlags {
  dryRun?: boolean;
  full?: boolean;
  json?: boolean;
  wait?: string;
}

export async function runCommand(ctx: CliContext, pipeline: string, flags: RunFlags): Promise<number> {
  if (flags.full && flags.dryRun) {
    throw new UsageError(
      '--full and --dry-run cannot be combined: --full forgets incremental bookmarks, a dry run changes no state',
      'run `glueflow run <pipeline> --full` for real (writes stay duplicate-free), or plan without --full',
    );
  }
  return withSession(ctx, async ({ runtime }) => {
    if (flags.full) {
      for (const f of await forgetCursors(runtime, pipeline)) {
        ctx.note(`--full: forgot ${f.bookmarks} bookmark(s) and ${f.watermarks} watermark(s) of ${f.plugin}`);
      }
    }
    const observer = await observeRuns(ctx, runtime, !flags.json);
    const { summary, plan } = await runtime
      .run(pipeline, {
        dryRun: flags.dryRun ?? false,
        signal: ctx.signal,
        onProgress: observer.onProgress,
        waitMs: parseWait(flags.wait),
      })
      .finally(() => observer.stop());
    if (flags.json) {
      ctx.json(toJsonSummary(summary));
    } else {
      if (summary.dryRun) printPlan(ctx, plan);
      printRunReport(ctx, summary, observer.steps);
    }
    return exitCodeOf(summary, ctx.signal);
  });
}
