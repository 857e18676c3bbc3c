/**
 * Wraps every tap on every engine hook (tapable's `register` interceptor, the way webpack's
 * ProgressPlugin does): start/done/failed logs with the plugin's name and timing, and the plugin and
 * hook stamped on anything a tap throws. On hooks whose listener errors are `isolated` (HOOK_DEFINITIONS)
 * the failure is reported and swallowed, so one broken listener cannot silence the others or sink a run.
 */
import type { EngineHooks, HookName } from './hooks.js';
import { HOOK_DEFINITIONS } from './hooks.js';

export interface TapLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

export interface ListenerFailure {
  plugin: string;
  hook: string;
  message: string;
  code?: string;
  error: unknown;
}

/** An error thrown by a tap, with where it came from. */
export interface StampedError extends Error {
  plugin?: string;
  hook?: string;
}

interface FullTap {
  name: string;
  type: 'sync' | 'async' | 'promise';
  fn: (...args: unknown[]) => unknown;
}

interface Interceptable {
  intercept(interceptor: { register?: (tap: FullTap) => FullTap }): void;
}

export function stampError(error: unknown, plugin: string, hook: string): StampedError {
  const stamped: StampedError = error instanceof Error ? error : new Error(String(error));
  stamped.plugin ??= plugin;
  stamped.hook ??= hook;
  return stamped;
}

export function instrumentHooks(
  hooks: EngineHooks,
  logger: TapLogger,
  onListenerFailure: (failure: ListenerFailure) => void,
): void {
  for (const name of Object.keys(hooks) as HookName[]) {
    const isolate = HOOK_DEFINITIONS[name].listenerErrors === 'isolated';
    const hook = hooks[name];
    if (name === 'entity') {
      hooks.entity.intercept({
        factory: (key, created) => {
          instrumentHook(created as unknown as Interceptable, `entity:${String(key)}`, isolate);
          return created;
        },
      });
      continue;
    }
    instrumentHook(hook as unknown as Interceptable, name, isolate);
  }

  function instrumentHook(hook: Interceptable, hookName: string, isolate: boolean): void {
    hook.intercept({ register: (tap) => ({ ...tap, fn: wrap(tap, hookName, isolate) }) });
  }

  function wrap(tap: FullTap, hookName: string, isolate: boolean): FullTap['fn'] {
    const plugin = tap.name;
    const fail = (error: unknown, startedAt: number) => {
      const stamped = stampError(error, plugin, hookName);
      const durationMs = Date.now() - startedAt;
      logger.warn('listener failed', { plugin, hook: hookName, durationMs, error: stamped.message });
      if (!isolate) return stamped;
      const code = (stamped as { code?: unknown }).code;
      onListenerFailure({
        plugin,
        hook: hookName,
        message: stamped.message,
        ...(typeof code === 'string' ? { code } : {}),
        error: stamped,
      });
      return undefined;
    };
    const done = (startedAt: number) =>
      logger.debug('listener done', { plugin, hook: hookName, durationMs: Date.now() - startedAt });

    switch (tap.type) {
      case 'promise':
        return async (...args: unknown[]) => {
          const startedAt = Date.now();
          logger.debug('listener start', { plugin, hook: hookName });
          try {
            const result = await tap.fn(...args);
            done(startedAt);
            return result;
          } catch (error) {
            const rethrow = fail(error, startedAt);
            if (rethrow) throw rethrow;
            return undefined;
          }
        };
      case 'async':
        return (...args: unknown[]) => {
          const startedAt = Date.now();
          const callback = args.pop() as (error?: unknown, result?: unknown) => void;
          logger.debug('listener start', { plugin, hook: hookName });
          try {
            tap.fn(...args, (error?: unknown, result?: unknown) => {
              if (error) {
                const rethrow = fail(error, startedAt);
                return rethrow ? callback(rethrow) : callback();
              }
              done(startedAt);
              callback(null, result);
            });
          } catch (error) {
            const rethrow = fail(error, startedAt);
            if (rethrow) callback(rethrow);
            else callback();
          }
        };
      default:
        return (...args: unknown[]) => {
          const startedAt = Date.now();
          try {
            const result = tap.fn(...args);
            done(startedAt);
            return result;
          } catch (error) {
            const rethrow = fail(error, startedAt);
            if (rethrow) throw rethrow;
            return undefined;
          }
        };
    }
  }
}
