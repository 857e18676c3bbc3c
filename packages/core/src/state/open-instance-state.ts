/**
 * The state of a config's instance for commands that only read it (`glueflow runs`): in Redis when
 * storage.redis / GLUEFLOW_REDIS_URL says so — the history every worker writes — else the instance's
 * SQLite file. No API key, no plugins: a broken pipeline config must not hide why it broke.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '../config/resolve-config.js';
import { osSecretKeychain, resolveSecret } from '../config/secrets.js';
import type { SecretRef } from '../config/secrets.js';
import { redisUrlOf } from '../storage/redis-url.js';
import { StateStore } from './state-store.js';

/** Null when there is no state yet (SQLite: no run has created the file). */
export async function openInstanceState(
  config: ResolvedConfig,
  env: Record<string, string | undefined>,
): Promise<StateStore | null> {
  const keychain = config.storage?.redis ? await osSecretKeychain() : undefined;
  const redisUrl = redisUrlOf({
    configured: config.storage?.redis as SecretRef | undefined,
    env,
    resolve: (ref) => resolveSecret(ref, { env, keychain: (name) => keychain?.(name) }),
  });
  if (redisUrl) return StateStore.onRedis(redisUrl, { instance: config.instanceName });
  const file = path.join(config.home, `${config.instanceName}.sqlite`);
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  return exists ? StateStore.open({ file }) : null;
}
