/**
 * createITGlueClient(): resolves the connection and the key, opens the shared rate budget and wires
 * transport, breaker, metrics, hooks and logger together. Nothing is read at import time.
 */
import { createHmac } from 'node:crypto';
import { resolveGlueflowHome } from './home.js';
import { childLogger, silentLogger } from './logger.js';
import { registerSecret } from './redaction/index.js';
import { resolveApiKey } from './api-key.js';
import { openSharedBudget } from './budget/registry.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { systemClock } from './clock.js';
import { assertLoopbackResolution, resolveConnection } from './connection.js';
import { ITGlueClient } from './itglue-client.js';
import { ClientMetrics } from './metrics.js';
import { DEFAULTS } from './options.js';
import type { ITGlueClientOptions } from './options.js';
import { Transport } from './transport.js';

export async function createITGlueClient(options: ITGlueClientOptions = {}): Promise<ITGlueClient> {
  const env = options.env ?? process.env;
  const instance = options.instance ?? DEFAULTS.instance;
  const connection = resolveConnection({ env, ...pick(options, 'url', 'region') });
  await assertLoopbackResolution(connection.baseUrl); // http://localhost must resolve to loopback only
  const key = await resolveApiKey({ env, instance, ...pick(options, 'apiKey', 'keychain') });
  const clock = options.clock ?? systemClock;
  const hooks = options.hooks ?? {};
  const rootLogger = options.logger ?? silentLogger;
  registerSecret(rootLogger, key.apiKey);
  const logger = childLogger(rootLogger, { component: 'itglue', instance });

  const shared = await openSharedBudget({
    apiKey: key.apiKey,
    home: options.home ?? resolveGlueflowHome(env),
    clock,
    requests: options.rateLimit?.requests ?? DEFAULTS.requests,
    windowSeconds: options.rateLimit?.windowSeconds ?? DEFAULTS.windowSeconds,
    ...pick(options.rateLimit ?? {}, 'marginMs', 'recoverAfterMs'),
    ...(options.budgetStore ? { store: options.budgetStore } : {}),
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
  });
  const breaker = new CircuitBreaker({
    failureThreshold: options.circuitBreaker?.failureThreshold ?? DEFAULTS.failureThreshold,
    halfOpenAfterMs: options.circuitBreaker?.halfOpenAfterMs ?? DEFAULTS.halfOpenAfterMs,
    clock,
    onStateChange: (change) => {
      logger.warn('itglue circuit', { ...change });
      try {
        hooks.onCircuitStateChange?.(change);
      } catch (error) {
        logger.warn('itglue hook listener failed', { hook: 'onCircuitStateChange', error });
      }
    },
  });
  const metrics = new ClientMetrics();
  const transport = new Transport({
    baseUrl: connection.baseUrl,
    apiKey: key.apiKey,
    budget: shared.budget,
    breaker,
    metrics,
    hooks,
    logger,
    clock,
    concurrency: options.concurrency ?? DEFAULTS.concurrency,
    timeouts: {
      connectMs: options.timeouts?.connectMs ?? DEFAULTS.connectMs,
      responseMs: options.timeouts?.responseMs ?? DEFAULTS.responseMs,
    },
    retry: { ...DEFAULTS.retry, ...options.retry },
    defaultPriority: options.defaultPriority ?? 'interactive',
    userAgent: options.userAgent ?? DEFAULTS.userAgent,
  });
  logger.debug('itglue client ready', {
    baseUrl: connection.baseUrl,
    urlFrom: connection.source,
    keyFrom: key.source,
    budgetKey: shared.budget.keyId,
  });
  return new ITGlueClient({
    transport,
    budget: shared.budget,
    breaker,
    metrics,
    clock,
    baseUrl: connection.baseUrl,
    instance,
    apiKeySource: key.source,
    connectionSource: connection.source,
    secretDigest: (value) => createHmac('sha256', key.apiKey).update(value).digest('hex'),
    onClose: () => shared.release(),
  });
}

function pick<T extends object, K extends keyof T>(source: T, ...keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
