/**
 * Progress while a pipeline runs, on stderr so stdout stays the result: a cli-progress bar per step on
 * an interactive terminal, plain lines otherwise (CI logs, pipes) — a line when a step starts and one
 * per quarter of its items. Nothing with --quiet or --json.
 */
import type { Runtime, StepInfo } from '@glueflow/core';
import type { CliContext } from '../context.js';
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
  const lastQuarter = new Map<string, number>();
  return {
    start: (step) => ctx.note(`→ ${step.name}`),
    update(step, done, total) {
      // Without a total, a line per 100 items; with one, a line per quarter — readable in CI logs.
      const mark = total ? Math.floor((done / Math.max(total, 1)) * 4) : Math.floor(done / 100);
      const key = `${step.runId}:${step.index}`;
      if (mark === (lastQuarter.get(key) ?? 0)) return;
      lastQuarter.set(key, mark);
      ctx.note(`  ${step.name}: ${done}${total ? `/${total}` : ''}`);
    },
    finish: () => undefined,
    stop: () => undefined,
  };
}

async function barView(ctx: CliContext): Promise<View> {
  const { default: cliProgress } = await import('cli-progress');
  let bar: InstanceType<typeof cliProgress.SingleBar> | undefined;
  return {
    start(step) {
      bar = new cliProgress.SingleBar(
        {
          format: `  ${step.name} [{bar}] {value}/{total}`,
          stream: ctx.stderr as unknown as NodeJS.WritableStream,
          hideCursor: true,
          clearOnComplete: true,
          noTTYOutput: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(0, 0);
    },
    update(_step, done, total) {
      if (total !== undefined) bar?.setTotal(total);
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
