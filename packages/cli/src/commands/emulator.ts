/**
 * `glueflow emulator`: the offline IT Glue (@glueflow/emulator) as a local sandbox — real HTTP on
 * 127.0.0.1 with seed data (generated organizations plus the examples' clients), rate limit and
 * fault injection — until Ctrl-C.
 */
import path from 'node:path';
import type { EmulatorOptions } from '@glueflow/emulator';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { addExampleClients, EXAMPLE_CLIENTS } from './example-clients.js';

export interface EmulatorFlags {
  port: string;
  apiKey?: string[];
  seed?: string;
  generate: string;
  db?: string;
  rate?: string;
  faults?: string;
  latency?: string;
}

export async function emulatorCommand(ctx: CliContext, flags: EmulatorFlags): Promise<number> {
  const { startEmulator, parseFaultSpec, DEFAULT_API_KEY } = await import('@glueflow/emulator');
  const options: EmulatorOptions = { port: integer('--port', flags.port) };
  if (flags.apiKey) options.apiKeys = flags.apiKey;
  if (flags.seed !== undefined) options.seed = integer('--seed', flags.seed);
  if (flags.generate !== '0' && flags.generate !== 'none') {
    const match = /^(\d+),(\d+)$/.exec(flags.generate);
    if (!match) throw new UsageError(`--generate must be ORGS,PER_ORG (or 0), not "${flags.generate}"`);
    options.generate = { organizations: Number(match[1]), perOrganization: Number(match[2]) };
  }
  if (flags.db) options.db = path.resolve(ctx.cwd, flags.db);
  if (flags.rate !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(flags.rate);
    if (!match) throw new UsageError(`--rate must be REQUESTS/SECONDS, e.g. 3000/300, not "${flags.rate}"`);
    options.rateLimit = { requests: Number(match[1]), windowSeconds: Number(match[2]) };
  }
  if (flags.faults !== undefined) {
    try {
      options.faults = parseFaultSpec(flags.faults);
    } catch (error) {
      throw new UsageError(`--faults: ${(error as Error).message}`, 'e.g. "502:0.05,reset:0.01,slowMs=2000"');
    }
  }
  if (flags.latency !== undefined) options.latencyMs = integer('--latency', flags.latency);
  if (ctx.globals.verbose) options.logger = (line) => ctx.warn(line);

  const emulator = await startEmulator(options);
  await addExampleClients(emulator.admin);
  const key = options.apiKeys?.[0] ?? DEFAULT_API_KEY;
  ctx.print(`IT Glue emulator listening on ${emulator.url}`);
  ctx.print(`  API key:   ${(options.apiKeys ?? [DEFAULT_API_KEY]).join(', ')}`);
  ctx.print(`  admin API: ${emulator.url}/__emulator/state`);
  ctx.print(`  data:      ${options.db ?? 'in memory'}`);
  ctx.print(`  clients:   ${EXAMPLE_CLIENTS.join(', ')} (what examples/glueflow.config.mjs files under)`);
  ctx.print('');
  ctx.print('Point glueflow at it from another terminal:');
  ctx.print(`  export ITGLUE_API_URL=${emulator.url} ITGLUE_API_KEY=${key}`);
  ctx.print('  glueflow health');
  ctx.print('');
  ctx.print('Ctrl-C stops it.');
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.stop();
  ctx.note('emulator stopped');
  return EXIT.ok;
}

function integer(flag: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`${flag} must be a non-negative integer, not "${raw}"`);
  return Number(raw);
}
