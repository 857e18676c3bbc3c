/**
 * The errors of `glueflow mcp` (core's `defineErrors()`, like serve's table): each code with its
 * wording and fix in one place, listed in docs/errors.md. A refused call (unknown tool, bad arguments,
 * writes off, call limit) is an MCP protocol error carrying `CODE: message (hint)`; a tool that ran and
 * failed answers a result with `isError` instead, so the model can read why and try again.
 */
import { defineErrors } from '@glueflow/core';

export const mcpErrors = defineErrors({
  EMCP_UNKNOWN_TOOL: ({ tool, known }: { tool: string; known: string[] }) => ({
    message: `there is no tool ${tool}`,
    hint: `the tools are ${known.join(', ')}`,
  }),
  EMCP_WRITES_OFF: ({ tool }: { tool: string }) => ({
    message: `${tool} writes to IT Glue, and writes are off for MCP clients`,
    hint: 'to let MCP clients write, set `mcp: { allowWrites: true }` in the Glueflow config and restart `glueflow mcp`',
  }),
  EMCP_BAD_ARGUMENTS: ({ tool, problems }: { tool: string; problems: string }) => ({
    message: `the arguments of ${tool} do not fit its input schema: ${problems}`,
    hint: 'send the arguments the tool lists (tools/list gives each input schema)',
  }),
  EMCP_CALL_LIMIT: ({ limit }: { limit: number }) => ({
    message: `this MCP session has made its ${limit} tool calls (mcp.callLimit)`,
    hint: 'start a new session (restart the MCP server in the client), or raise mcp.callLimit in the Glueflow config',
  }),
  EMCP_NOT_FOUND: ({ type, id }: { type: string; id: string }) => ({
    message: `IT Glue has no ${type} record #${id}`,
    hint: 'check the id with search or list_organizations',
  }),
  EMCP_UNKNOWN_PLAN: ({ planId }: { planId: string }) => ({
    message: `no plan ${planId} in this session`,
    hint: 'plan_pipeline makes a plan and gives its planId; plans last as long as the MCP session',
  }),
});
