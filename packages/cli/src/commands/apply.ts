/** `glueflow apply <plan-file> [--json]` */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plan } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { toJsonSummary } from '../render/json-summary.js';
import { observeRuns } from '../render/progress.js';
import { printRunReport } from '../render/run-report.js';
import { withSession } from '../session/open-session.js';
import { parseWait } from './duration.js';
import { exitCodeOf } from './run-outcome.js';

export interface ApplyFlags {
  json?: boolean;
  wait?: string;
}

export async function applyCommand(ctx: CliContext, file: string, flags: ApplyFlags): Promise<number> {
  const plan = await readPlan(ctx, file);
  return withSession(ctx, async ({ runtime }) => {
    const observer = await observeRuns(ctx, runtime, !flags.json);
    const { summary } = await runtime
      .apply(plan, {
        file,
        signal: ctx.signal,
        onProgress: observer.onProgress,
        waitMs: parseWait(flags.wait),
      })
      .finally(() => observer.stop());
    if (flags.json) ctx.json(toJsonSummary(summary));
    else printRunReport(ctx, summary, observer.steps);
    return exitCodeOf(summary, ctx.signal);
  });
}

/** Reads and checks a plan file before anything is opened: a bad file is EPLAN_FORMAT naming it. */
async function readPlan(ctx: CliContext, file: string): Promise<Plan> {
  const { checkPlan, createError } = await import('@glueflow/core');
  let text: string;
  try {
    text = await readFile(path.resolve(ctx.cwd, file), 'utf8');
  } catch (error) {
    throw createError('EPLAN_FORMAT', {
      file,
      reason: `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw createError('EPLAN_FORMAT', { file, reason: 'not JSON' });
  }
  const assertPlan: (value: unknown, file: string) => asserts value is Plan = checkPlan;
  assertPlan(value, file);
  return value;
}
