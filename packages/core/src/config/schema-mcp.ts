/**
 * The `mcp:` block: what `glueflow mcp` (the Model Context Protocol server, @glueflow/mcp) lets an
 * AI client do. Reads are always offered; tools that write to IT Glue exist only with `allowWrites`.
 */
import { z } from 'zod';

export const mcpSchema = z
  .strictObject({
    allowWrites: z
      .boolean()
      .optional()
      .describe(
        'Offer the tools that write to IT Glue (run_pipeline, apply_plan) to MCP clients. Default false: not listed, calls refused.',
      ),
    callLimit: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Tool calls one MCP session may make; calls over it are refused. Default 200.'),
    maxResultBytes: z
      .number()
      .int()
      .min(1024)
      .optional()
      .describe(
        'Largest tool result in bytes (UTF-8 JSON); longer results are cut and marked truncated. Default 65536.',
      ),
  })
  .describe(
    '`glueflow mcp`: the Model Context Protocol server for Claude Desktop, VS Code and other MCP clients.',
  );

export type McpConfigFile = z.input<typeof mcpSchema>;
