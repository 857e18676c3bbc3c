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
}

export interface RegisteredStep {
  id: string;
  plugin: string;
  definition: StepDefinition;
}
