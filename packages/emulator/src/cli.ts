import { parseArgs } from 'node:util';
import type { EmulatorOptions, RetryAfterMode } from './types.js';
import { startEmulator, DEFAULT_API_KEY } from './server.js';
import { parseFaultSpec } from './faults.js';
import { EmulatorStartError, EmulatorUsageError } from './usage-error.js';
import { runDemo } from './demo.js';

export const EXIT = { ok: 0, fatal: 1, usage: 64 } as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Aborted on SIGINT/SIGTERM by the bin; the server then stops cleanly. */
  signal?: AbortSignal;
}

const USAGE = `Usage: glueflow-emulator [--port P] [--api-key K ...] [--rate 3000/300] [--retry-after seconds|http-date|none]
                         [--rate-headers] [--faults SPEC] [--latency MS] [--seed N] [--generate ORGS,PER_ORG] [--db FILE]
       glueflow-emulator --demo`;

const FLAGS = {
  port: { type: 'string' },
  'api-key': { type: 'string', multiple: true },
  rate: { type: 'string' },
  'retry-after': { type: 'string' },
  'rate-headers': { type: 'boolean' },
  faults: { type: 'string' },
  latency: { type: 'string' },
  seed: { type: 'string' },
  generate: { type: 'string' },
  db: { type: 'string' },
  demo: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The whole CLI, with injected output so tests need no process globals. Resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let values: ReturnType<typeof parse>;
  let options: EmulatorOptions;
  try {
    values = parse(argv);
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return EXIT.ok;
    }
    options = toOptions(values);
  } catch (error) {
    io.stderr(`glueflow-emulator: ${(error as Error).message} (try --help)\n`);
    return EXIT.usage;
  }
  try {
    if (values.demo) return await runDemo(io);
    const emulator = await startEmulator({ ...options, logger: (line) => io.stderr(`${line}\n`) });
    const keys = options.apiKeys ?? [DEFAULT_API_KEY];
    io.stdout(
      `IT Glue emulator listening on ${emulator.url}\nAPI key: ${keys.join(', ')}\nAdmin API: ${emulator.url}/__emulator/state\n`,
    );
    await new Promise<void>((resolve) => {
      if (io.signal?.aborted) resolve();
      io.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    await emulator.stop();
    return EXIT.ok;
  } catch (error) {
    const code = error instanceof EmulatorUsageError ? EXIT.usage : EXIT.fatal;
    io.stderr(`glueflow-emulator: ${(error as Error).message}\n`);
    if ((error instanceof EmulatorUsageError || error instanceof EmulatorStartError) && error.hint)
      io.stderr(`  hint: ${error.hint}\n`);
    return code;
  }
}

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }).values;
}

function toOptions(values: ReturnType<typeof parse>): EmulatorOptions {
  const options: EmulatorOptions = {};
  if (values.port !== undefined) options.port = integer('--port', values.port);
  if (values['api-key']) options.apiKeys = values['api-key'];
  const retryAfter = values['retry-after'];
  if (retryAfter !== undefined && !['seconds', 'http-date', 'none'].includes(retryAfter)) {
    throw new Error(`--retry-after must be seconds, http-date or none, not "${retryAfter}"`);
  }
  if (values.rate !== undefined || retryAfter !== undefined || values['rate-headers']) {
    const [requests = '3000', windowSeconds = '300'] = (values.rate ?? '3000/300').split('/');
    if (!/^\d+\/\d+$/.test(values.rate ?? '3000/300'))
      throw new Error(`--rate must be REQUESTS/SECONDS, not "${values.rate}"`);
    options.rateLimit = {
      requests: Number(requests),
      windowSeconds: Number(windowSeconds),
      retryAfter: (retryAfter ?? 'seconds') as RetryAfterMode,
      headers: values['rate-headers'] === true,
    };
  }
  if (values.faults !== undefined) options.faults = parseFaultSpec(values.faults);
  if (values.latency !== undefined) options.latencyMs = integer('--latency', values.latency);
  if (values.seed !== undefined) options.seed = integer('--seed', values.seed);
  if (values.generate !== undefined) {
    const match = /^(\d+),(\d+)$/.exec(values.generate);
    if (!match) throw new Error(`--generate must be ORGS,PER_ORG, not "${values.generate}"`);
    options.generate = { organizations: Number(match[1]), perOrganization: Number(match[2]) };
  }
  if (values.db !== undefined) options.db = values.db;
  return options;
}

function integer(flag: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new Error(`${flag} must be a non-negative integer, not "${raw}"`);
  return Number(raw);
}
