/**
 * `glueflow mcp` end to end: the MCP SDK's own client over stdio, spawning the built CLI against the
 * emulator. Read tools listed and answering; write tools absent and refused without allowWrites,
 * working with it; malformed calls answered with MCP errors while the server keeps going; the call
 * limit and the size cap; no planted password value or secret trait in any response; stdout carries
 * the protocol alone (every log line on stderr).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { companies, createProject, FIXTURE_PLUGIN } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';

const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const PASSWORD_VALUE = 'PLANTED-pw-Vx93!qm';
const pipelines = { onboard: [{ step: 'orgs.sync', with: { companies: companies(3, ' (mcp)') } }] };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tool results are JSON read by the assertions
type Json = any;

interface Session {
  client: Client;
  texts: string[];
  stderr: () => string;
  protocolErrors: Error[];
  call(name: string, args?: Record<string, unknown>): Promise<{ text: string; isError: boolean; json: Json }>;
  close(): Promise<void>;
}

async function connect(project: Project): Promise<Session> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, '--verbose', 'mcp'],
    cwd: project.dir,
    env: { ...project.env, PATH: process.env.PATH ?? '' } as Record<string, string>,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const protocolErrors: Error[] = [];
  const client = new Client({ name: 'glueflow-test', version: '1.0.0' });
  client.onerror = (error) => protocolErrors.push(error);
  await client.connect(transport);
  const texts: string[] = [];
  return {
    client,
    texts,
    stderr: () => stderr,
    protocolErrors,
    async call(name, args = {}) {
      const result = await client.callTool({ name, arguments: args });
      const text = (result.content as Array<{ text: string }>).map((c) => c.text).join('');
      texts.push(text);
      return { text, isError: result.isError === true, json: JSON.parse(text) };
    },
    close: () => client.close(),
  };
}

/** The MCP error a refused call is answered with (and its message kept for the secret scan). */
async function refused(session: Session, name: string, args: unknown): Promise<McpError> {
  const error = await session.client.callTool({ name, arguments: args as Record<string, unknown> }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(McpError);
  session.texts.push((error as Error).message);
  return error as McpError;
}

let project: Project;
let psk: string;
let passwordId: string;
let assetId: string;

beforeAll(async () => {
  project = await createProject(
    { plugins: [FIXTURE_PLUGIN], pipelines, mcp: { callLimit: 30, maxResultBytes: 4096 } },
    { generate: { organizations: 40, perOrganization: 1 } },
  );
  const admin = project.emulator.admin;
  const dump = await admin.dump();
  const org = dump.organizations![0]!.id;
  passwordId = (
    await admin.insert('passwords', [
      { 'organization-id': Number(org), name: 'Quarnix admin', password: PASSWORD_VALUE, notes: 'planted' },
    ])
  )[0]!;
  const wireless = dump['flexible-assets']!.find((asset) => {
    const value = (asset.attributes.traits as Record<string, unknown>)['pre-shared-key'];
    return typeof value === 'string' && value.length > 5;
  })!;
  assetId = wireless.id;
  psk = String((wireless.attributes.traits as Record<string, unknown>)['pre-shared-key']);
  expect((await project.cli(['cache', 'refresh'])).code).toBe(0);
}, 60_000);
afterAll(async () => project.close());

describe('glueflow mcp (writes off)', () => {
  let s: Session;
  beforeAll(async () => {
    s = await connect(project);
  }, 30_000);
  afterAll(async () => s.close());

  it('lists the read tools, each with a description and an object input schema; no write tools', async () => {
    const { tools } = await s.client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'search',
      'get_record',
      'list_organizations',
      'list_pipelines',
      'plan_pipeline',
    ]);
    for (const tool of tools) {
      expect(tool.description!.length).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe('object');
    }
    expect(tools.find((t) => t.name === 'search')!.inputSchema.required).toEqual(['query']);
  });

  it('search finds cached records; get_record reads live with secrets as [secret]', async () => {
    const found = await s.call('search', { query: 'Quarnix', type: 'passwords' });
    expect(found.isError).toBe(false);
    expect(found.json.hits[0]).toMatchObject({ type: 'passwords', id: passwordId, name: 'Quarnix admin' });
    const password = await s.call('get_record', { type: 'passwords', id: passwordId });
    expect(password.json.record).toMatchObject({ id: passwordId, name: 'Quarnix admin' });
    const asset = await s.call('get_record', { type: 'flexible_assets', id: assetId });
    expect(asset.json.record.traits['pre-shared-key']).toBe('[secret]');
    const missing = await s.call('get_record', { type: 'configurations', id: '999999999' });
    expect(missing.isError).toBe(true);
    expect(missing.json.error.code).toBe('EMCP_NOT_FOUND');
  });

  it('list_organizations pages from the cache; a result over maxResultBytes is cut with a marker', async () => {
    const first = await s.call('list_organizations', { limit: 5 });
    expect(first.json.organizations).toHaveLength(5);
    expect(first.json).toMatchObject({ offset: 0, more: true, nextOffset: 5 });
    const next = await s.call('list_organizations', { limit: 5, offset: 5 });
    expect(next.json.organizations[0].id).not.toBe(first.json.organizations[0].id);
    const big = await s.call('list_organizations', { limit: 200 });
    expect(Buffer.byteLength(big.text)).toBeLessThanOrEqual(4096);
    expect(big.json).toMatchObject({ truncated: true, hint: expect.stringContaining('offset') });
    expect(big.json.omitted).toBeGreaterThan(0);
  });

  it('list_pipelines and plan_pipeline answer from the config and a dry run', async () => {
    const listed = await s.call('list_pipelines');
    expect(listed.json).toEqual({
      pipelines: [{ name: 'onboard', steps: [{ step: 'orgs.sync' }] }],
      writesAllowed: false,
    });
    const plan = await s.call('plan_pipeline', { pipeline: 'onboard' });
    expect(plan.json).toMatchObject({ planId: 'plan-1', pipeline: 'onboard', dryRun: true });
    expect(plan.json.counts.created).toBe(3);
    const unknown = await s.call('plan_pipeline', { pipeline: 'nope' });
    expect(unknown.json.error.code).toBe('ECONFIG_UNKNOWN_PIPELINE');
  });

  it('write tools, unknown tools and bad arguments are MCP errors; the server keeps answering', async () => {
    const write = await refused(s, 'run_pipeline', { pipeline: 'onboard' });
    expect(write.message).toContain('EMCP_WRITES_OFF');
    expect(write.message).toContain('mcp: { allowWrites: true }');
    expect((await refused(s, 'apply_plan', { planId: 'plan-1' })).message).toContain('EMCP_WRITES_OFF');
    expect((await refused(s, 'drop_tables', {})).message).toContain('EMCP_UNKNOWN_TOOL');
    expect((await refused(s, 'get_record', { type: 'passwords', id: 42 })).message).toContain(
      'EMCP_BAD_ARGUMENTS',
    );
    expect((await refused(s, 'search', { query: 'x', extra: true })).message).toContain('EMCP_BAD_ARGUMENTS');
    expect((await s.call('list_pipelines')).isError).toBe(false);
    expect(project.emulator.admin.stats().writesApplied).toBe(0);
  });

  it('no response holds a password value or a secret trait; logs are on stderr, stdout is protocol only', async () => {
    expect(s.texts.length).toBeGreaterThan(10);
    for (const text of s.texts) {
      expect(text).not.toContain(PASSWORD_VALUE);
      expect(text).not.toContain(psk);
    }
    expect(s.protocolErrors).toEqual([]);
    const log = s.stderr();
    expect(log).toContain('"message":"mcp tool call"');
    expect(log).toContain('"tool":"get_record"');
    expect(log).toContain('"outcome":"refused"');
    expect(log).not.toContain(PASSWORD_VALUE);
  });

  it('refuses calls over mcp.callLimit with an MCP error', async () => {
    let error: McpError | undefined;
    for (let i = 0; i < 40 && !error; i++) {
      error = await s.client.callTool({ name: 'list_pipelines', arguments: {} }).then(
        () => undefined,
        (e: McpError) => e,
      );
    }
    expect(error?.message).toContain('EMCP_CALL_LIMIT');
    expect(error?.message).toContain('30 tool calls');
  });
});

describe('glueflow mcp over a raw pipe', () => {
  it('writes nothing but JSON-RPC to stdout, even with --verbose and a run; exits 0 when stdin ends', async () => {
    const child = spawn(process.execPath, [BIN, '--verbose', 'mcp'], {
      cwd: project.dir,
      env: { ...project.env, PATH: process.env.PATH ?? '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const send = (message: object) =>
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    send({ method: 'notifications/initialized' });
    send({
      id: 2,
      method: 'tools/call',
      params: { name: 'plan_pipeline', arguments: { pipeline: 'onboard' } },
    });
    send({
      id: 3,
      method: 'tools/call',
      params: { name: 'get_record', arguments: { type: 'passwords', id: passwordId } },
    });
    send({ id: 4, method: 'tools/call', params: { name: 'no_such_tool' } });
    const deadline = Date.now() + 20_000;
    while (!stdout.includes('"id":4') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.stdin.end();
    expect(await exited).toBe(0);
    const lines = stdout.trim().split('\n');
    const ids = lines.map((line) => (JSON.parse(line) as { id: number }).id);
    expect(ids.sort()).toEqual([1, 2, 3, 4]); // calls in flight when stdin ended were still answered
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('jsonrpc', '2.0');
    expect(stdout).not.toContain(PASSWORD_VALUE);
    expect(stderr).toContain('"message":"mcp tool call"');
    expect(stderr).toContain('"level":"debug"'); // --verbose logs exist, and they are on stderr
  }, 30_000);
});

describe('glueflow mcp (mcp.allowWrites: true)', () => {
  it('lists and runs the write tools: plan, apply the plan, run again', async () => {
    project.write(
      '.glueflowrc.json',
      JSON.stringify({ plugins: [FIXTURE_PLUGIN], pipelines, mcp: { allowWrites: true } }),
    );
    const s = await connect(project);
    try {
      const { tools } = await s.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['run_pipeline', 'apply_plan']));
      const plan = await s.call('plan_pipeline', { pipeline: 'onboard' });
      const applied = await s.call('apply_plan', { planId: plan.json.planId });
      expect(applied.json).toMatchObject({ pipeline: 'onboard', status: 'ok', dryRun: false });
      expect(applied.json.counts.created).toBe(3);
      const names = (await project.emulator.admin.dump()).organizations!.map((o) => o.attributes.name);
      expect(names).toContain('Company 1 (mcp)');
      const again = await s.call('run_pipeline', { pipeline: 'onboard' });
      expect(again.json.counts.created).toBe(0);
      const unknown = await s.call('apply_plan', { planId: 'plan-99' });
      expect(unknown.json.error.code).toBe('EMCP_UNKNOWN_PLAN');
    } finally {
      await s.close();
    }
  }, 30_000);
});
