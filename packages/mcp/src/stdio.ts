/**
 * `glueflow mcp`'s transport: JSON-RPC on stdin/stdout. stdout carries the protocol alone, so the
 * server never prints; logs go to the logger (stderr or a file). Resolves when the client closes
 * stdin (or the signal aborts), once the calls in flight have answered and the server has closed.
 */
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpSession } from './server.js';
import type { McpServerOptions } from './server.js';

export interface StdioOptions extends McpServerOptions {
  stdin?: Readable;
  stdout?: Writable;
  signal?: AbortSignal;
}

export async function serveStdio(options: StdioOptions): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const { server, drain } = createMcpSession(options);
  const transport = new StdioServerTransport(stdin, options.stdout ?? process.stdout);
  const ended = new Promise<void>((resolve) => {
    stdin.once('end', () => resolve());
    stdin.once('close', () => resolve());
    server.onclose = () => resolve();
    if (options.signal?.aborted) resolve();
    options.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.connect(transport);
  await ended;
  await drain(); // calls already sent are answered before the server closes
  await server.close();
}
