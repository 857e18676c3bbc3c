/**
 * Everything a command needs to talk to IT Glue, opened in one place: the config (flags > env > file),
 * the API key (ITGLUE_API_KEY, else the keychain), the logger, and core's Runtime (client, cache,
 * state, engine with the configured plugins). `close()` releases all of it.
 */
import type { Logger, ResolvedConfig, Runtime } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { cliPackageDir } from '../package-dir.js';
import { trackKeyUse } from './key-use.js';
import { osKeychain } from './keychain.js';
import type { KeyUse } from './key-use.js';
import { cliRedactor, closeLogger, createCliLogger } from './logger.js';

export interface Session {
  config: ResolvedConfig;
  runtime: Runtime;
  logger: Logger;
  /** Where the key came from: `ITGLUE_API_KEY` or `keychain` (never the key). */
  keySource: string;
  keyUse: KeyUse;
  close(): Promise<void>;
}

export async function loadCliConfig(ctx: CliContext): Promise<ResolvedConfig> {
  const { loadConfig } = await import('@glueflow/core');
  await cliRedactor(ctx);
  return loadConfig({
    cwd: ctx.cwd,
    env: ctx.env,
    ...(ctx.globals.config ? { configFile: ctx.globals.config } : {}),
    flags: ctx.globals.instance ? { instance: ctx.globals.instance } : {},
  });
}

/** The API key for the config's instance; throws EITGLUE_NO_API_KEY naming both places looked at. */
export async function resolveCliApiKey(ctx: CliContext, instance: string) {
  const { resolveApiKey } = await import('@glueflow/core');
  // The same keychain access as `auth set` uses, so what it stored is what is found.
  return resolveApiKey({
    env: ctx.env,
    instance,
    audience: 'cli',
    keychain: async (_service: string, account: string) =>
      (ctx.keychain ?? (await osKeychain())).get(account),
  });
}

export interface SessionOptions {
  /**
   * false: talk to IT Glue without loading plugins or checking pipelines (`health`, `auth test`,
   * `cache`): a broken pipeline must not stop you checking the key or the cache.
   */
  plugins?: boolean;
}

export async function openSession(
  ctx: CliContext,
  config?: ResolvedConfig,
  options: SessionOptions = {},
): Promise<Session> {
  const core = await import('@glueflow/core');
  const loaded = config ?? (await loadCliConfig(ctx));
  const resolved = options.plugins === false ? { ...loaded, plugins: [], pipelines: {} } : loaded;
  const key = await resolveCliApiKey(ctx, resolved.instanceName);
  const logger = await createCliLogger(ctx, [key.apiKey]);
  let runtime: Runtime;
  try {
    const keychain = ctx.keychain;
    runtime = await core.Runtime.open({
      config: resolved,
      env: ctx.env,
      logger,
      keychain: false,
      ...(keychain ? { secretKeychain: (name: string) => keychain.get(name) } : {}),
      pluginFallbackFrom: [cliPackageDir()],
      ...(options.plugins === false ? { plugins: [] } : {}),
      client: { apiKey: key.apiKey },
    });
  } catch (error) {
    await closeLogger(logger);
    throw error;
  }
  const keyUse = await trackKeyUse(runtime, core.keyIdOf(key.apiKey));
  return {
    config: resolved,
    runtime,
    logger,
    keySource: key.source,
    keyUse,
    async close() {
      await keyUse.save().catch(() => undefined);
      await runtime.close();
      await closeLogger(logger);
    },
  };
}

/** Opens a session, runs `fn`, and always closes it. */
export async function withSession<T>(
  ctx: CliContext,
  fn: (session: Session) => Promise<T>,
  config?: ResolvedConfig,
  options: SessionOptions = {},
): Promise<T> {
  const session = await openSession(ctx, config, options);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

/** A session for commands that only talk to IT Glue (no plugins loaded, no pipelines checked). */
export function withItGlue<T>(ctx: CliContext, fn: (session: Session) => Promise<T>): Promise<T> {
  return withSession(ctx, fn, undefined, { plugins: false });
}
