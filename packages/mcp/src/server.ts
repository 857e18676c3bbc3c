/**
 * The MCP server over a Glueflow runtime. Every tool call goes through one path (`#call`): counted
 * against the session's call limit, looked up (write tools exist only with `mcp.allowWrites`), its
 * arguments checked against the tool's schema, run, the result's secrets masked (secret fields and
 * every value the logger masks: the API key, resolved `{ env }` secrets), cut to `mcp.maxResultBytes`,
 * and logged — tool, masked arguments, duration, outcome — to the Glueflow logger, never to stdout.
 */
import type { Plan } from '@glueflow/core';
import { isGlueflowError } from '@glueflow/core';
import { redactorOf } from '@glueflow/itglue';
import type { Logger } from '@glueflow/core';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { mcpErrors } from './errors.js';
import { capResult, DEFAULT_CALL_LIMIT, DEFAULT_MAX_RESULT_BYTES } from './limits.js';
import { maskSecrets } from './mask-secrets.js';
import type { McpRuntime, McpTool, ToolContext } from './tool-types.js';
import { MCP_TOOLS } from './tools.js';

export interface McpServerOptions {
  runtime: McpRuntime;
  /** Where the call log goes (stderr or a file: stdout is the protocol). Default: the runtime's logger. */
  logger?: Logger;
  /** Over `runtime.config.mcp`; tests set small limits. */
  limits?: { callLimit?: number; maxResultBytes?: number; allowWrites?: boolean };
  /** Milliseconds, injected for tests. */
  now?: () => number;
  version?: string;
}

export const SERVER_NAME = 'glueflow';

/** Creates the server; connect it to a transport (serveStdio does, for stdio). */
export function createMcpServer(options: McpServerOptions): Server {
  return new GlueflowMcp(options).server;
}

/** The server and a wait for the calls in flight (serveStdio answers them before it closes). */
export function createMcpSession(options: McpServerOptions): { server: Server; drain(): Promise<void> } {
  const mcp = new GlueflowMcp(options);
  return { server: mcp.server, drain: () => mcp.drain() };
}

type Outcome = 'ok' | 'error' | 'refused';

class GlueflowMcp {
  readonly server: Server;
  readonly #tools: Map<string, McpTool>;
  readonly #context: ToolContext;
  readonly #logger: Logger;
  readonly #callLimit: number;
  readonly #maxResultBytes: number;
  readonly #now: () => number;
  #calls = 0;
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(options: McpServerOptions) {
    const config = { ...options.runtime.config.mcp, ...options.limits };
    const writesAllowed = config.allowWrites === true;
    this.#tools = new Map(MCP_TOOLS.filter((t) => writesAllowed || !t.writes).map((t) => [t.name, t]));
    this.#context = { runtime: options.runtime, plans: new Map<string, Plan>(), writesAllowed };
    this.#logger = options.logger ?? options.runtime.logger;
    this.#callLimit = config.callLimit ?? DEFAULT_CALL_LIMIT;
    this.#maxResultBytes = config.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
    this.#now = options.now ?? Date.now;
    this.server = new Server(
      { name: SERVER_NAME, version: options.version ?? packageVersion() },
      {
        capabilities: { tools: {} },
        instructions:
          `Glueflow for the IT Glue instance "${options.runtime.config.instanceName}": search and read records, ` +
          `list organizations and pipelines, plan pipelines${writesAllowed ? ', run pipelines and apply plans' : ' (writes are off)'}. ` +
          'Password values and secret traits are never shown.',
      },
    );
    this.server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: [...this.#tools.values()].map(describe),
    }));
    this.server.setRequestHandler(CallToolRequestSchema, (request) => {
      const call = this.#call(request.params.name, request.params.arguments);
      this.#inFlight.add(call);
      void call.finally(() => this.#inFlight.delete(call)).catch(() => undefined);
      return call;
    });
  }

  /** Resolves once every call in flight has answered. */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #call(name: string, args: unknown): Promise<CallToolResult> {
    const started = this.#now();
    const tool = this.#tools.get(name);
    const log = (outcome: Outcome, code?: string) =>
      this.#logger.info('mcp tool call', {
        tool: printable(name),
        arguments: loggable(args),
        durationMs: this.#now() - started,
        outcome,
        ...(code ? { code } : {}),
      });
    try {
      this.#refuseOverLimit();
      const parsed = this.#parse(tool, name, args);
      const result = await parsed.tool.run(parsed.args, this.#context);
      const safe = redactorOf(this.#logger).strings(maskSecrets(result));
      log('ok');
      return {
        content: [{ type: 'text', text: capResult(safe, this.#maxResultBytes, parsed.tool.narrowHint) }],
      };
    } catch (error) {
      if (error instanceof McpError) {
        log('refused', codeOf(error.message));
        throw error;
      }
      const code = isGlueflowError(error) ? error.code : 'EMCP_TOOL_FAILED';
      log('error', code);
      const failure = isGlueflowError(error)
        ? { code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) }
        : { code, message: error instanceof Error ? error.message : String(error) };
      const text = JSON.stringify(redactorOf(this.#logger).strings({ error: maskSecrets(failure) }));
      return { isError: true, content: [{ type: 'text', text }] };
    }
  }

  #refuseOverLimit(): void {
    if (++this.#calls > this.#callLimit)
      throw refusal(
        ErrorCode.InvalidRequest,
        mcpErrors.create('EMCP_CALL_LIMIT', { limit: this.#callLimit }),
      );
  }

  #parse(
    tool: McpTool | undefined,
    name: string,
    args: unknown,
  ): { tool: McpTool; args: Record<string, unknown> } {
    if (!tool) {
      const write = WRITE_TOOLS.has(name);
      throw refusal(
        ErrorCode.InvalidParams,
        write
          ? mcpErrors.create('EMCP_WRITES_OFF', { tool: name })
          : mcpErrors.create('EMCP_UNKNOWN_TOOL', {
              tool: JSON.stringify(printable(name)),
              known: [...this.#tools.keys()],
            }),
      );
    }
    const parsed = tool.input.safeParse(args ?? {});
    if (!parsed.success) {
      const problems = z.prettifyError(parsed.error).replace(/\s*\n\s*/g, '; ');
      throw refusal(
        ErrorCode.InvalidParams,
        mcpErrors.create('EMCP_BAD_ARGUMENTS', { tool: name, problems }),
      );
    }
    return { tool, args: parsed.data };
  }
}

const WRITE_TOOLS = new Set(MCP_TOOLS.filter((t) => t.writes).map((t) => t.name));

function describe(tool: McpTool): Tool {
  const { $schema: _schema, ...schema } = z.toJSONSchema(tool.input, { io: 'input' }) as Record<
    string,
    unknown
  >;
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: { ...schema, type: 'object' },
    annotations: { readOnlyHint: !tool.writes, destructiveHint: false, openWorldHint: false },
  };
}

/** An MCP protocol error whose message carries the Glueflow code and hint. */
function refusal(code: ErrorCode, error: { code: string; message: string; hint?: string }): McpError {
  return new McpError(code, `${error.code}: ${error.message}${error.hint ? ` (${error.hint})` : ''}`);
}

function codeOf(message: string): string | undefined {
  return /\b(EMCP_[A-Z_]+)/.exec(message)?.[1];
}

/** A tool name from the client, as safe to print: control characters out, at most 100 characters. */
function printable(text: string): string {
  const chars = [...String(text).slice(0, 100)];
  return chars.map((c) => (c < ' ' || c === '\u007f' ? '?' : c)).join('');
}

/** Arguments for the log: secrets masked (the logger's redactor masks known values), size bounded. */
function loggable(args: unknown): unknown {
  const masked = maskSecrets(args);
  const text = JSON.stringify(masked) ?? '';
  return text.length <= 2000 ? masked : `${text.slice(0, 2000)}… (${text.length} characters)`;
}

function packageVersion(): string {
  const url = new URL('../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
