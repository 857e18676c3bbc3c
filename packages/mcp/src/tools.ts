/** Every tool the server knows, in the order tools/list gives them; write tools last. */
import {
  getRecordTool,
  listOrganizationsTool,
  listPipelinesTool,
  planPipelineTool,
  searchTool,
} from './tools-read.js';
import { applyPlanTool, runPipelineTool } from './tools-write.js';
import type { McpTool } from './tool-types.js';

export const MCP_TOOLS: readonly McpTool[] = Object.freeze([
  searchTool,
  getRecordTool,
  listOrganizationsTool,
  listPipelinesTool,
  planPipelineTool,
  runPipelineTool,
  applyPlanTool,
]);
