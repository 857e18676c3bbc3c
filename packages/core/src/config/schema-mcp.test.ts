/** The `mcp:` block: loaded into the resolved config, merged over `extends`, bad values reported. */
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'glueflow-mcp-config-'));
  await writeFile(path.join(dir, 'package.json'), '{"name":"fixture"}');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => writeFile(path.join(dir, name), text);
const load = () => loadConfig({ cwd: dir, env: { HOME: dir, XDG_CACHE_HOME: path.join(dir, 'xdg') } });

test('reaches the resolved config, later layers overriding per key', async () => {
  await write('base.yaml', 'mcp:\n  callLimit: 50\n  maxResultBytes: 4096\n');
  await write('.glueflowrc.yaml', 'extends: ./base.yaml\nmcp:\n  allowWrites: true\n  callLimit: 20\n');
  const config = await load();
  expect(config.mcp).toEqual({ allowWrites: true, callLimit: 20, maxResultBytes: 4096 });
});

test('absent: no mcp key at all', async () => {
  await write('.glueflowrc.yaml', 'concurrency: 2\n');
  expect((await load()).mcp).toBeUndefined();
});

test('wrong types and unknown keys are reported together', async () => {
  await write('.glueflowrc.yaml', 'mcp:\n  allowWrites: "yes"\n  callLimit: 0\n  writes: true\n');
  const error = await load().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  const text = String((error as Error).message);
  expect(text).toContain('mcp.allowWrites');
  expect(text).toContain('mcp.callLimit');
  expect(text).toContain('writes');
});
