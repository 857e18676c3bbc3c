/**
 * @glueflow/mcp: a Model Context Protocol server over a Glueflow runtime (`glueflow mcp`), for Claude
 * Desktop, VS Code and other MCP clients. See README.md and docs/mcp.md.
 */
export { createMcpServer, SERVER_NAME } from './server.js';
export type { McpServerOptions } from './server.js';
export { serveStdio } from './stdio.js';
export type { StdioOptions } from './stdio.js';
export { MCP_TOOLS } from './tools.js';
export type { McpRuntime, McpTool, ToolContext } from './tool-types.js';
export { capResult, DEFAULT_CALL_LIMIT, DEFAULT_MAX_RESULT_BYTES } from './limits.js';
export type { TruncationMarker } from './limits.js';
export { maskSecrets } from './mask-secrets.js';
export { mcpErrors } from './errors.js';
