/**
 * The state and the metadata cache of a config's instance for commands that open them without a run
 * (`glueflow runs`, `glueflow cache stats|clear`, `glueflow search`): in Redis when storage.redis /
 * GLUEFLOW_REDIS_URL says so — what every worker shares — else the instance's SQLite file. No API key,
 * no plugins: a broken pipeline config must not hide why it broke.
 */
import { access } from 'node:fs/promises';
import { MetadataCache } from '../cache/metadata-cache.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import { osSecretKeychain, resolveSecret } from '../config/secrets.js';
import type { SecretRef } from '../config/secrets.js';
import { redisUrlOf } from '../storage/redis-url.js';
import { instanceFile } from '../storage/storage-path.js';
import { StateStore } from './state-store.js';

type Env = Record<string, string | undefined>;

/** Null when there is no state yet (SQLite: no run has created the file). */
export async function openInstanceState(config: ResolvedConfig, env: Env): Promise<StateStore | null> {
  const redisUrl = await instanceRedisUrl(config, env);
  if (redisUrl) return StateStore.onRedis(redisUrl, { instance: config.instanceName });
  const file = instanceFile(config);
  return (await exists(file)) ? StateStore.open({ file }) : null;
}

/**
 * The instance's metadata cache, without a source (it answers from what is stored): on Redis the one
 * every worker shares (its full-text index in this machine's file, created when missing), else the
 * instance's file — null when no run has created it yet.
 */
export async function openInstanceCache(config: ResolvedConfig, env: Env): Promise<MetadataCache | null> {
  const redisUrl = await instanceRedisUrl(config, env);
  const file = instanceFile(config);
  if (redisUrl) return MetadataCache.onRedis(redisUrl, { instance: config.instanceName, file });
  return (await exists(file)) ? MetadataCache.open({ file }) : null;
}

/** storage.redis (a secret reference) or GLUEFLOW_REDIS_URL, checked; undefined for SQLite. */
async function instanceRedisUrl(config: ResolvedConfig, env: Env): Promise<string | undefined> {
  const keychain = config.storage?.redis ? await osSecretKeychain() : undefined;
  return redisUrlOf({
    configured: config.storage?.redis as SecretRef | undefined,
    env,
    resolve: (ref) => resolveSecret(ref, { env, keychain: (name) => keychain?.(name) }),
  });
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
