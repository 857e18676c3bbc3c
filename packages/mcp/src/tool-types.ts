/**
 * A tool is data: its name, the one line a model reads to pick it, its input schema (zod, published as
 * JSON Schema), whether it writes to IT Glue, what to suggest when its answer is cut, and `run`.
 * The server (server.ts) does everything around `run` once: limits, validation, masking, logging.
 */
import type { Plan, Runtime } from '@glueflow/core';
import type { z } from 'zod';

/** What the tools use of core's Runtime (an interface, so unit tests can hand in a small fake). */
export type McpRuntime = Pick<
  Runtime,
  'config' | 'client' | 'cache' | 'logger' | 'search' | 'run' | 'apply' | 'pipelineNames'
>;

export interface ToolContext {
  runtime: McpRuntime;
  /** Plans made by plan_pipeline in this session, by planId, for apply_plan. */
  plans: Map<string, Plan>;
  /** Whether the write tools are on (`mcp.allowWrites`). */
  writesAllowed: boolean;
}

export interface McpTool<S extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  input: S;
  /** True: listed and callable only with `mcp: { allowWrites: true }`. */
  writes: boolean;
  /** Told to the model with a result cut to fit `mcp.maxResultBytes`. */
  narrowHint: string;
  run(args: z.output<S>, context: ToolContext): Promise<unknown>;
}

/** Keeps each tool's argument type tied to its own schema in a list of mixed tools. */
export function defineTool<S extends z.ZodObject>(tool: McpTool<S>): McpTool {
  return tool as unknown as McpTool;
}
