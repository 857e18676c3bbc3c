/**
 * The redaction proof for the client's logs through core's logger: real traffic with a debug-level
 * file logger — a password value read and written, a wrong key, faults, retries, failed writes —
 * then grep the file for the API keys and the password value. The logger's redactor learns the key
 * from the client (registerSecret), so even a careless caller's dump through it is masked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator } from '@glueflow/emulator';
import type { RunningEmulator } from '@glueflow/emulator';
import { createITGlueClient } from '@glueflow/itglue';
import type { ITGlueClient, ITGlueClientOptions } from '@glueflow/itglue';
import { createLogger } from './index.js';

const EMULATOR_KEY = 'ITG.emulator';
let emulator: RunningEmulator;
let orgId: string;
let dir: string;
const clients: ITGlueClient[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: 3, generate: { organizations: 1, perOrganization: 1 } });
  orgId = (await emulator.admin.dump()).organizations![0]!.id;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-obs-'));
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await emulator.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function client(options: ITGlueClientOptions): Promise<ITGlueClient> {
  const made = await createITGlueClient({
    url: emulator.url,
    apiKey: EMULATOR_KEY,
    env: {},
    keychain: false,
    home: dir,
    ...options,
    retry: { baseDelayMs: 5, maxDelayMs: 50, ...options.retry },
  });
  clients.push(made);
  return made;
}

async function flush(logger: ReturnType<typeof createLogger>): Promise<void> {
  await new Promise<void>((resolve) => {
    logger.on('finish', () => resolve());
    logger.end();
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('redaction at debug level', () => {
  it('the debug log holds request lines but neither API key nor any password value', async () => {
    const file = path.join(dir, 'debug.log');
    const logger = createLogger({ level: 'debug', file });
    const itglue = await client({ logger, retry: { retries: 1 } });
    const VALUE = 'Pa55-w0rd-VALUE-42';
    const created = await itglue.passwords.create({
      organizationId: orgId,
      name: 'Firewall',
      password: VALUE,
    });
    expect((await itglue.passwords.getWithValue(created.id))?.password).toBe(VALUE);
    emulator.admin.enqueueFault({ kind: '500', count: 2, method: 'PATCH', path: '/passwords' });
    await itglue.passwords.update(created.id, { password: `${VALUE}-rotated` }).catch(() => undefined);
    emulator.admin.enqueueFault({ kind: 'reset', method: 'POST', path: '/passwords' });
    await itglue.passwords
      .create({ organizationId: orgId, name: 'Ambiguous', password: VALUE })
      .catch(() => undefined);
    await itglue.passwords
      .create({ organizationId: orgId, name: '', password: VALUE })
      .catch(() => undefined);
    const wrongKey = await client({ logger, apiKey: 'ITG.wrong-key-7f3a9c' });
    await wrongKey.passwords.getWithValue(created.id).catch(() => undefined);
    // A careless caller logging raw data through the same logger is masked too.
    logger.debug('caller dump', {
      headers: { 'x-api-key': EMULATOR_KEY },
      body: { data: { attributes: { password: VALUE } } },
    });
    await flush(logger);

    const text = fs.readFileSync(file, 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      lines.some(
        (l) =>
          l.message === 'itglue request' &&
          l.method === 'GET' &&
          l.status === 200 &&
          typeof l.durationMs === 'number',
      ),
    ).toBe(true);
    expect(lines.some((l) => l.message === 'itglue retry' && l.reason === '500')).toBe(true);
    expect(
      lines.some(
        (l) =>
          l.message === 'itglue call failed' &&
          (l.error as { code?: string }).code === 'EITGLUE_AMBIGUOUS_WRITE',
      ),
    ).toBe(true);
    expect(lines.every((l) => l.component === undefined || l.instance === 'default')).toBe(true);
    expect(text).not.toContain(EMULATOR_KEY);
    expect(text).not.toContain('wrong-key-7f3a9c');
    expect(text).not.toContain(VALUE);
  });
});
