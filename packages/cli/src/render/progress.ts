/**
 * Progress while a pipeline runs, on stderr so stdout stays the result: a cli-progress bar per step on
 * an interactive terminal (rate and ETA; a spinner until the step knows its total), plain lines
 * otherwise (CI logs, pipes) — a line when a step starts and one per quarter of its items, with the
 * rate. Nothing with --quiet or --json.
 */
import type { Runtime, StepInfo } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { plainProgressLine, progressLine } from './progress-line.js';
import type { StepLine } from './run-report.js';

const TAP = 'glueflow:cli';

export interface RunObserver {
  /** Results of the steps of the last run, in order (for the report). */
  readonly steps: StepLine[];
  onProgress(step: StepInfo, done: number, total?: number): void;
  /** Call before each run: clears the step list. */
  reset(): void;
  stop(): void;
}

export async function observeRuns(ctx: CliContext, runtime: Runtime, show: boolean): Promise<RunObserver> {
  const steps: StepLine[] = [];
  const view = !show ? undefined : ctx.interactive ? await barView(ctx) : plainView(ctx);
  const hooks = runtime.engine.hooks;
  hooks.beforeStep.tap(TAP, (step) => view?.start(step));
  hooks.afterStep.tap(TAP, (step, result) => {
    view?.finish(step);
    steps.push({ step, result });
  });
  return {
    steps,
    onProgress: (step, done, total) => view?.update(step, done, total),
    reset: () => void steps.splice(0),
    stop: () => view?.stop(),
  };
}

interface View {
  start(step: StepInfo): void;
  update(step: StepInfo, done: number, total?: number): void;
  finish(step: StepInfo): void;
  stop(): void;
}

function plainView(ctx: CliContext): View {
  const lastMark = new Map<string, number>();
  const startedAt = new Map<string, number>();
  const key = (step: StepInfo) => `${step.runId}:${step.index}`;
  return {
    start(step) {
      startedAt.set(key(step), Date.now());
      ctx.note(`→ ${step.name}`);
    },
    update(step, done, total) {
      // Without a total, a line per 100 items; with one, a line per quarter — readable in CI logs.
      const mark = total ? Math.floor((done / Math.max(total, 1)) * 4) : Math.floor(done / 100);
      if (mark === (lastMark.get(key(step)) ?? 0)) return;
      lastMark.set(key(step), mark);
      const elapsedMs = Date.now() - (startedAt.get(key(step)) ?? Date.now());
      ctx.note(plainProgressLine({ step: step.name, done, total, elapsedMs }));
    },
    finish: () => undefined,
    stop: () => undefined,
  };
}

/**
 * One cli-progress bar per step (it redraws in place, throttled, and clears itself when the step
 * ends); what it shows is ours (progress-line.ts): a spinner until the step gives a total.
 */
async function barView(ctx: CliContext): Promise<View> {
  const { default: cliProgress } = await import('cli-progress');
  let bar: InstanceType<typeof cliProgress.SingleBar> | undefined;
  let total: number | undefined;
  return {
    start(step) {
      total = undefined;
      bar = new cliProgress.SingleBar({
        format: (_options, params) =>
          progressLine(
            {
              step: step.name,
              done: params.value,
              total,
              elapsedMs: Date.now() - params.startTime,
            },
            Math.floor(Date.now() / 80),
          ),
        stream: ctx.stderr as unknown as NodeJS.WritableStream,
        hideCursor: true,
        clearOnComplete: true,
        noTTYOutput: false,
      });
      bar.start(0, 0);
    },
    update(_step, done, stepTotal) {
      if (stepTotal !== undefined) {
        total = stepTotal;
        bar?.setTotal(stepTotal);
      }
      bar?.update(done);
    },
    finish() {
      bar?.stop();
      bar = undefined;
    },
    stop() {
      bar?.stop();
    },
  };
}
