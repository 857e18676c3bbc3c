/**
 * The write tools, offered only with `mcp: { allowWrites: true }`: run a pipeline, or apply a plan
 * this session made with plan_pipeline (by planId, so a model can only apply what Glueflow planned;
 * the plan guard still refuses writes that drifted since).
 */
import { z } from 'zod';
import { mcpErrors } from './errors.js';
import { runOutcome } from './run-outcome.js';
import { defineTool } from './tool-types.js';

export const runPipelineTool = defineTool({
  name: 'run_pipeline',
  description:
    'Run a configured pipeline for real: it creates and updates records in IT Glue; returns the status, counts and what it did. Prefer plan_pipeline + apply_plan to review first.',
  input: z.strictObject({
    pipeline: z.string().min(1).max(200).describe('A pipeline name, as list_pipelines gives it.'),
  }),
  writes: true,
  narrowHint: 'the run is complete; its counts are exact — `glueflow runs` shows the rest',
  async run(args, { runtime }) {
    return runOutcome(await runtime.run(args.pipeline));
  },
});

export const applyPlanTool = defineTool({
  name: 'apply_plan',
  description:
    'Apply a plan made by plan_pipeline in this session: only its planned writes, each refused if the record changed since; returns the status, counts and what it did.',
  input: z.strictObject({
    planId: z
      .string()
      .regex(/^plan-\d{1,6}$/, 'a planId from plan_pipeline, e.g. plan-1')
      .describe('The planId plan_pipeline returned.'),
  }),
  writes: true,
  narrowHint: 'the apply is complete; its counts are exact — `glueflow runs` shows the rest',
  async run(args, { runtime, plans }) {
    const plan = plans.get(args.planId);
    if (!plan) throw mcpErrors.create('EMCP_UNKNOWN_PLAN', { planId: args.planId });
    return runOutcome(await runtime.apply(plan, { file: args.planId }));
  },
});
