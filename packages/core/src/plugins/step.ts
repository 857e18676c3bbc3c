import type { z } from 'zod';
import type { StepContext } from '../engine/step-context.js';

/** A pipeline step a plugin contributes. Its options are the pipeline entry's `with:` block. */
export interface StepDefinition<S extends z.ZodType = z.ZodType> {
  /** One line for `glueflow plugins` and the docs. */
  description: string;
  /** zod object schema for `with:`; unknown keys are rejected when the config loads. */
  options?: S;
  /**
   * Does the work. Report per-item problems with `ctx.report`, never by throwing: a throw fails the
   * whole step, a message fails one item.
   */
  run(ctx: StepContext, options: z.output<S>): Promise<void>;
  /**
   * Optional: the source keys a full run would handle (file paths, PSA company ids …), so that
   * `glueflow worker`s can split a run of this step into batches run on several machines, each batch a
   * run with those keys as `ctx.targets`. Implement it only together with honouring `ctx.targets` in
   * `run`. Called with a dry-run context: it must only read. Resolve to `undefined` when these options
   * cannot be split (e.g. a source that keeps its own place); the step then runs whole.
   */
  listItems?(
    ctx: StepContext,
    options: z.output<S>,
  ): AsyncIterable<string> | Promise<Iterable<string> | undefined>;
}

export interface RegisteredStep {
  id: string;
  plugin: string;
  definition: StepDefinition;
}
