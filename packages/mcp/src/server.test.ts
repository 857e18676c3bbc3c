/**
 * The server's one call path over the SDK's in-memory transport and a small fake runtime: registered
 * secret values redacted from results, arguments masked in the call log, limits from options.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger, Redactor } from '@glueflow/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { createMcpServer } from './server.js';
import type { McpRuntime } from './tool-types.js';

const API_KEY = 'ITG.fake-key-6d1c0e';
let client: Client | undefined;
afterEach(async () => client?.close());

async function start(limits: { callLimit?: number; maxResultBytes?: number } = {}) {
  let log = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log += chunk.toString();
      done();
    },
  });
  const logger = createLogger({ stream, redactor: new Redactor(), secrets: [API_KEY] });
  const runtime = {
    config: { instanceName: 'test', pipelines: {} },
    search: async (query: string) => ({
      hits: [
        {
          type: 'passwords',
          id: '7',
          name: `key ${API_KEY}`,
          snippet: query,
          highlights: [],
          url: null,
          score: 1,
        },
      ],
      total: 1,
      more: false,
      ranked: true,
    }),
  } as unknown as McpRuntime;
  const server = createMcpServer({ runtime, logger, limits, version: '0.0.0-test' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  client = new Client({ name: 'unit', version: '1' });
  await client.connect(clientSide);
  return { client, log: () => log };
}

describe('createMcpServer', () => {
  it('redacts values the logger masks from results and logs each call without secrets', async () => {
    const { client, log } = await start();
    const result = await client.callTool({ name: 'search', arguments: { query: 'routers' } });
    const text = (result.content as Array<{ text: string }>)[0]!.text;
    expect(text).not.toContain(API_KEY);
    expect(JSON.parse(text).hits[0]).toMatchObject({ id: '7', snippet: 'routers' });
    await client
      .callTool({ name: 'search', arguments: { query: 'x', password: 'typed-in-s3cret' } })
      .catch(() => 0);
    const lines = log()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => [l.message, l.tool, l.outcome])).toEqual([
      ['mcp tool call', 'search', 'ok'],
      ['mcp tool call', 'search', 'refused'],
    ]);
    expect(lines[1]).toMatchObject({
      code: 'EMCP_BAD_ARGUMENTS',
      arguments: { password: expect.stringMatching(/^\[(secret|REDACTED)\]$/) },
    });
    expect(typeof lines[0]!.durationMs).toBe('number');
    expect(log()).not.toContain('typed-in-s3cret');
  });

  it('counts every call, refused ones too, against the call limit', async () => {
    const { client } = await start({ callLimit: 2 });
    await client.callTool({ name: 'list_pipelines', arguments: {} });
    await client.callTool({ name: 'nope', arguments: {} }).catch(() => 0);
    const error = await client.callTool({ name: 'list_pipelines', arguments: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as Error).message).toContain('EMCP_CALL_LIMIT: this MCP session has made its 2 tool calls');
  });
});
