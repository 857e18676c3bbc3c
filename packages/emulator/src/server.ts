import Fastify from 'fastify';
import type { EmulatorOptions, RunningEmulator } from './types.js';
import type { EmulatorContext } from './context.js';
import { Store } from './store/store.js';
import { ownerKeyOf, shapeOf } from './resources/registry.js';
import { StatsRecorder } from './stats.js';
import { DEFAULT_RATE_LIMIT, SlidingWindowLimiter } from './rate-limit.js';
import { FaultInjector } from './faults.js';
import { installGate, type GateState } from './gate.js';
import { installErrorHandling } from './error-handler.js';
import { createAdmin, toFaultConfig } from './admin.js';
import { registerResourceRoutes } from './routes/resources.js';
import { registerAttachmentRoutes } from './routes/attachments.js';
import { registerAdminRoutes } from './routes/admin.js';
import { seedLookups } from './seed/lookups.js';
import { generateSeed } from './seed/generate.js';
import { openPersistence } from './store/sqlite.js';
import { validateOptions } from './options.js';
import { EmulatorStartError } from './usage-error.js';

/** IT Glue's request payload limit (enforced by its API Gateway). */
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;
export const DEFAULT_API_KEY = 'ITG.emulator';

/** Starts an offline IT Glue on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  validateOptions(options);
  const seed = options.seed ?? 1;
  const log = options.logger ?? (() => undefined);
  const store = new Store(ownerKeyOf, shapeOf);
  const persistence = options.db ? await openPersistence(options.db, store) : undefined;
  const ctx: EmulatorContext = {
    store,
    stats: new StatsRecorder(),
    baseUrl: '',
    now: () => Date.now(),
    log,
    flush: () => persistence?.flush() ?? Promise.resolve(),
  };
  const gate: GateState = {
    apiKeys: new Set(options.apiKeys ?? [DEFAULT_API_KEY]),
    latencyMs: options.latencyMs ?? 0,
    limiter: new SlidingWindowLimiter({ ...DEFAULT_RATE_LIMIT, ...options.rateLimit }),
    faults: new FaultInjector(toFaultConfig(options.faults), seed),
  };
  const admin = createAdmin(ctx, gate, seed);

  const app = Fastify({ bodyLimit: BODY_LIMIT_BYTES, forceCloseConnections: true, logger: false });
  // Only JSON bodies: anything else is a 415, as on the real API.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/vnd.api+json', 'application/json'],
    { parseAs: 'string' },
    (_request, text, done) => {
      if (typeof text !== 'string' || text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        (error as Error & { statusCode?: number }).statusCode = 400;
        done(error as Error, undefined);
      }
    },
  );
  installErrorHandling(app, ctx);
  installGate(app, ctx, gate);
  registerResourceRoutes(app, ctx);
  registerAttachmentRoutes(app, ctx);
  registerAdminRoutes(app, admin);

  seedLookups(ctx);
  if (options.generate && store.count('organizations') === 0) {
    generateSeed(ctx, { ...options.generate, seed }, seed);
  }
  await ctx.flush();

  try {
    await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    await app.close().catch(() => undefined);
    await persistence?.close();
    throw listenError(error, options.port ?? 0);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  ctx.baseUrl = `http://127.0.0.1:${port}`;
  log(`emulator: listening on ${ctx.baseUrl}`);

  let stopped: Promise<void> | undefined;
  return {
    url: ctx.baseUrl,
    port,
    admin,
    stop: () => {
      stopped ??= (async () => {
        await app.close();
        await persistence?.close();
        log('emulator: stopped');
      })();
      return stopped;
    },
  };
}

/** A port that cannot be had is the user's to fix (another emulator running), not a crash. */
function listenError(error: unknown, port: number): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') {
    return new EmulatorStartError(
      'EADDRINUSE',
      `port ${port} on 127.0.0.1 is already in use`,
      `another emulator (or program) holds it: stop it, or start this one on another port (--port ${port + 1}, or --port 0 for any free one)`,
    );
  }
  if (code === 'EACCES') {
    return new EmulatorStartError(
      'EACCES',
      `not allowed to listen on port ${port} of 127.0.0.1`,
      'ports below 1024 need privileges: use --port 4100, or --port 0 for any free one',
    );
  }
  return error;
}
