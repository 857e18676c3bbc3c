import os from 'node:os';
import path from 'node:path';

/**
 * Where glueflow keeps caches and state: GLUEFLOW_HOME, else the XDG cache dir
 * ($XDG_CACHE_HOME/glueflow, default ~/.cache/glueflow).
 */
export function resolveGlueflowHome(env: Record<string, string | undefined>): string {
  if (env.GLUEFLOW_HOME) return path.resolve(env.GLUEFLOW_HOME);
  const cacheRoot = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(cacheRoot, 'glueflow');
}
