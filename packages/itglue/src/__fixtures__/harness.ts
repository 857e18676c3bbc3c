/**
 * Test harness: a real emulator on loopback, a real SQLite budget in a temp GLUEFLOW_HOME, and
 * clients built exactly as users build them (no mocks). Retry delays are shortened so faults
 * cost milliseconds, not seconds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '@glueflow/emulator';
import type { EmulatorOptions, RunningEmulator } from '@glueflow/emulator';
import { createITGlueClient } from '../create-client.js';
import type { ITGlueClient } from '../itglue-client.js';
import type { ITGlueClientOptions } from '../options.js';

export const EMULATOR_KEY = 'ITG.emulator';

export interface Harness {
  emulator: RunningEmulator;
  home: string;
  client(options?: ITGlueClientOptions): Promise<ITGlueClient>;
  close(): Promise<void>;
}

export async function startHarness(emulatorOptions: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ seed: 3, ...emulatorOptions });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-client-'));
  const clients: ITGlueClient[] = [];
  return {
    emulator,
    home,
    async client(options = {}) {
      const client = await createITGlueClient({
        url: emulator.url,
        apiKey: EMULATOR_KEY,
        env: {},
        keychain: false,
        home,
        ...options,
        retry: { baseDelayMs: 5, maxDelayMs: 50, ...options.retry },
      });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((client) => client.close()));
      await emulator.stop();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
