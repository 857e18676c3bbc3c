/**
 * Plugins' own receivers (`host.route()`), mounted at `/hooks/<plugin>/<path>`, and their services
 * (`host.service()`), started once serve listens. Each plugin gets its own fastify scope whose only
 * body parser keeps the body as text — receivers verify signatures over the exact bytes (HubSpot v3) —
 * and JSON is parsed here once, so a malformed body is a 400 before any plugin code runs.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {
  Logger,
  PluginRoute,
  PluginRouteReply,
  PluginRouteRequest,
  ServeServices,
  Runtime,
  StepEntryRef,
  TriggerRequest,
} from '@glueflow/core';
import { serveErrors } from './errors.js';
import type { ServeMetrics, WebhookOutcome } from './metrics.js';
import type { TriggerQueue } from './trigger-queue.js';

export interface PluginPartsOptions {
  runtime: Runtime;
  metrics: ServeMetrics;
  triggers: TriggerQueue;
  logger: Logger;
  publicUrl: string | undefined;
  bodyLimitBytes: number;
  signal: AbortSignal;
  /** Problems plugins reported, by plugin (shown by /readyz). */
  health: Map<string, string>;
}

/** Prefixes serve keeps for itself. */
const RESERVED = new Set(['itglue']);

/** `@glueflow/plugin-email` → `email`, `glueflow-plugin-teams` → `teams`, `acme-hooks` → `acme-hooks`. */
export function routePrefixOf(pluginName: string): string {
  const bare = pluginName.replace(/^@[^/]+\//, '');
  return bare
    .replace(/^(?:glueflow-)?plugin-/, '')
    .replace(/[^a-z0-9-]/gi, '-')
    .toLowerCase();
}

/** Each plugin's services as a ServeServices: its prefix, its own steps, triggers limited to them. */
export function servicesFor(plugin: string, options: PluginPartsOptions): ServeServices {
  const { runtime, triggers } = options;
  const logger = runtime.logger.child?.({ plugin }) ?? runtime.logger;
  const entries = (step?: string): StepEntryRef[] =>
    runtime.engine
      .stepEntriesOf(plugin, runtime.config.pipelines)
      .filter((entry) => step === undefined || entry.step === step);
  return {
    publicUrl: options.publicUrl,
    prefix: `/hooks/${routePrefixOf(plugin)}`,
    signal: options.signal,
    logger,
    entries,
    trigger: (request: TriggerRequest) => {
      const own = entries().some((e) => e.pipeline === request.pipeline && e.index === request.index);
      if (!own) {
        throw serveErrors.create('ESERVE_FOREIGN_STEP', {
          plugin,
          pipeline: request.pipeline,
          index: request.index,
        });
      }
      return triggers.offer(request);
    },
    reportHealth: (problem) => {
      if (problem === undefined) options.health.delete(plugin);
      else options.health.set(plugin, problem);
    },
  };
}

export function pluginRoutes(app: FastifyInstance, options: PluginPartsOptions): void {
  const byPlugin = new Map<string, PluginRoute[]>();
  for (const { plugin, route } of options.runtime.engine.serveParts.routes) {
    byPlugin.set(plugin, [...(byPlugin.get(plugin) ?? []), route]);
  }
  const owners = new Map<string, string>();
  for (const [plugin, routes] of byPlugin) {
    const prefix = routePrefixOf(plugin);
    if (RESERVED.has(prefix) || owners.has(prefix)) {
      const holder = RESERVED.has(prefix) ? 'serve' : owners.get(prefix)!;
      throw serveErrors.create('ESERVE_ROUTE_PREFIX', { plugin, prefix, holder }, { where: 'plugins' });
    }
    owners.set(prefix, plugin);
    const services = servicesFor(plugin, options);
    app.register(
      async (scope) => {
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
        for (const route of routes) mount(scope, plugin, route, services, options);
      },
      { prefix: `/hooks/${prefix}` },
    );
  }
}

function mount(
  scope: FastifyInstance,
  plugin: string,
  route: PluginRoute,
  services: ServeServices,
  options: PluginPartsOptions,
): void {
  const source = `${routePrefixOf(plugin)}/${route.path.replace(/^\/+/, '')}`;
  const count = (outcome: WebhookOutcome | 'answered' | 'error') =>
    options.metrics.webhooks.inc({ source, outcome });
  scope.route({
    method: route.method,
    url: `/${route.path.replace(/^\/+/, '')}`,
    bodyLimit: route.bodyLimitBytes ?? options.bodyLimitBytes,
    handler: async (request, reply) => {
      const raw = typeof request.body === 'string' ? request.body : '';
      const parsed = parseJsonBody(request, raw);
      if (parsed === INVALID) {
        count('bad-request');
        return reply.code(400).send({ error: 'the body is not valid JSON' });
      }
      let answer: PluginRouteReply;
      try {
        answer = await route.handler(requestOf(request, raw, parsed), services);
      } catch (error) {
        count('error');
        options.logger.error(
          `${plugin} route ${route.method} ${source} failed: ${(error as Error).message}`,
          {
            plugin,
            code: (error as { code?: string }).code,
          },
        );
        return reply.code(500).send({ error: 'the receiver failed; see the serve log' });
      }
      count(outcomeOf(answer.status));
      for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
      if (typeof answer.body === 'string') reply.type('text/plain; charset=utf-8');
      return reply.code(answer.status).send(answer.body ?? '');
    },
  });
}

const INVALID = Symbol('invalid JSON');

function parseJsonBody(request: FastifyRequest, raw: string): unknown {
  const type = String(request.headers['content-type'] ?? '');
  if (!/\bjson\b/i.test(type) || raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return INVALID;
  }
}

function requestOf(request: FastifyRequest, rawBody: string, body: unknown): PluginRouteRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    query[name] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return {
    method: request.method as 'GET' | 'POST',
    url: request.url,
    params: (request.params ?? {}) as Record<string, string>,
    query,
    headers,
    rawBody,
    body,
  };
}

function outcomeOf(status: number): WebhookOutcome | 'answered' | 'error' {
  if (status >= 500) return 'error';
  if (status === 401 || status === 403 || status === 404) return 'rejected';
  if (status >= 400) return 'bad-request';
  return 'answered';
}

/** Starts every plugin service; one that throws is logged and reported unhealthy, the others go on. */
export async function startServices(options: PluginPartsOptions): Promise<void> {
  for (const { plugin, service } of options.runtime.engine.serveParts.services) {
    try {
      await service.start(servicesFor(plugin, options));
      options.logger.info(`${plugin} service ${service.name} started`, { plugin });
    } catch (error) {
      const reason = (error as Error).message;
      options.health.set(plugin, `${service.name} did not start: ${reason}`);
      options.logger.error(`${plugin} service ${service.name} did not start: ${reason}`, {
        plugin,
        code: (error as { code?: string }).code,
      });
    }
  }
}
