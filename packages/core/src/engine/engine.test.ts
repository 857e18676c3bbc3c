import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { definePlugin } from '../plugins/contract.js';
import type { LoadedPlugin } from '../plugins/load-plugins.js';
import type { PipelineStepEntry } from '../config/resolve-config.js';
import { Engine } from './engine.js';
import type { StepServices, WriteScope } from './engine.js';
import type { PluginState } from '../state/plugin-state.js';
import type { StepItGlue } from './step-itglue.js';

const lines: Array<{ level: string; message: string; meta?: Record<string, unknown> }> = [];
const logger = {
  error: (message: string, meta?: Record<string, unknown>) => lines.push({ level: 'error', message, meta }),
  warn: (message: string, meta?: Record<string, unknown>) => lines.push({ level: 'warn', message, meta }),
  info: (message: string, meta?: Record<string, unknown>) => lines.push({ level: 'info', message, meta }),
  debug: (message: string, meta?: Record<string, unknown>) => lines.push({ level: 'debug', message, meta }),
};

/** Steps in these tests count outcomes themselves; writes are exercised in write-gate tests. */
const notPartOfThisTest = () => Promise.reject(new Error('IT Glue is not part of this test'));
/** Services whose IT Glue side is `upsert` only: the real ones are exercised in runtime tests. */
const servicesWith = (upsert: (scope: WriteScope) => StepItGlue['upsert']): StepServices => ({
  itglue: (scope) => ({
    upsert: upsert(scope),
    read: {} as StepItGlue['read'],
    ensureFlexibleAssetType: notPartOfThisTest,
    attach: notPartOfThisTest,
    upsertDocument: notPartOfThisTest,
    unchangedSince: notPartOfThisTest,
    adopt: notPartOfThisTest,
  }),
  cache: { getById: notPartOfThisTest, findByName: notPartOfThisTest, search: notPartOfThisTest },
  state: () => ({}) as PluginState,
  requestStats: () => ({ total: 0, retries: 0, rateLimited: 0, warnings: [] }),
});
const services = servicesWith(() => notPartOfThisTest);

const newEngine = () =>
  new Engine({ instance: 'default', logger, services, secrets: { env: {} }, concurrency: 3 });
const loaded = (plugin: ReturnType<typeof definePlugin>, options: unknown = {}): LoadedPlugin => ({
  plugin,
  options,
  entry: { spec: plugin.name, options: {}, declaredIn: null, keyPath: 'plugins[0]' },
});
const step = (id: string, withOptions: Record<string, unknown> = {}): PipelineStepEntry => ({
  step: id,
  with: withOptions,
  declaredIn: '/cfg/glueflow.config.js',
  baseDir: '/cfg',
  keyPath: 'pipelines.test[0]',
});

describe('hooks', () => {
  it('is one frozen object with every documented hook', () => {
    const engine = newEngine();
    expect(Object.isFrozen(engine.hooks)).toBe(true);
    for (const name of [
      'onDocumentCreated',
      'onOrganizationUpdated',
      'onPasswordRotated',
      'beforeWrite',
      'resolveOrganization',
      'onEntityEvent',
      'entity',
      'beforeRun',
      'afterRun',
      'beforeStep',
      'afterStep',
      'onRequest',
      'onRetry',
      'onRateLimited',
      'onCircuitStateChange',
    ]) {
      expect(engine.hooks).toHaveProperty(name);
    }
  });

  it('runs lifecycle hooks in order and isolates a failing listener, stamping plugin and hook', async () => {
    const order: string[] = [];
    const plugin = definePlugin({
      name: 'order-plugin',
      apply(host) {
        host.hooks.beforeRun.tapPromise(
          'order-plugin',
          async (run) => void order.push(`beforeRun ${run.pipeline}`),
        );
        host.hooks.beforeStep.tap('order-plugin', (s) => void order.push(`beforeStep ${s.step}`));
        host.hooks.afterStep.tapPromise(
          'order-plugin',
          async (s, r) => void order.push(`afterStep ${s.step} ${r.status}`),
        );
        host.hooks.afterRun.tapPromise('order-plugin', async (_run, summary) => {
          order.push(`afterRun ${summary.status}`);
        });
        host.hooks.onEntityEvent.tapPromise('order-plugin', async () => {
          throw Object.assign(new Error('listener exploded'), { code: 'EBOOM' });
        });
        host.hooks.onEntityEvent.tapPromise(
          'second-listener',
          async (event) => void order.push(`event ${event.type}`),
        );
        host.registerStep('order.work', {
          description: 'emits through the engine',
          async run(ctx) {
            order.push('run');
            ctx.count('created');
          },
        });
      },
    });
    const engine = newEngine();
    await engine.use([loaded(plugin)]);
    const summary = await engine.run('nightly', [step('order.work')]);
    expect(order).toEqual([
      'beforeRun nightly',
      'beforeStep order.work',
      'run',
      'afterStep order.work ok',
      'afterRun ok',
    ]);
    expect(summary).toMatchObject({
      pipeline: 'nightly',
      status: 'ok',
      counts: { created: 1 },
      listenerFailures: [],
    });
  });

  it('reports a failing listener in the run summary and still calls the others', async () => {
    const seen: string[] = [];
    const engine = newEngine();
    const plugin = definePlugin({
      name: 'emitter',
      apply(host) {
        host.hooks.onPasswordRotated.tapPromise('broken-notifier', async () => {
          throw Object.assign(new Error('webhook down'), { code: 'EHOOK' });
        });
        host.hooks.onPasswordRotated.tapPromise('good-notifier', async (e) => void seen.push(e.recordId));
      },
    });
    await engine.use([loaded(plugin)]);
    const failures: unknown[] = [];
    engine.hooks.afterRun.tap('probe', (_r, s) => void failures.push(...s.listenerFailures));
    // Emit through a step that has access to the engine's emitter via a write scope.
    const emitting: StepServices = servicesWith((scope) => async () => {
      await scope.emit({
        id: 'evt-1',
        type: 'password',
        action: 'updated',
        source: 'pipeline:p',
        at: new Date().toISOString(),
        instance: 'default',
        recordId: '42',
        record: { id: '42', name: 'Domain admin' },
        passwordUpdatedAt: '2026-11-23T08:00:00.000Z',
      } as never);
      return { action: 'updated', id: '42' };
    });
    const engine2 = new Engine({ instance: 'default', logger, services: emitting, secrets: { env: {} } });
    await engine2.use([
      loaded(plugin),
      loaded(
        definePlugin({
          name: 'writer',
          apply(host) {
            host.registerStep('writer.write', {
              description: 'writes one record',
              async run(ctx) {
                await ctx.itglue.upsert({
                  sourceKey: 'k',
                  resourceType: 'passwords',
                  naturalKey: { name: 'x' },
                  attributes: {},
                });
              },
            });
          },
        }),
      ),
    ]);
    const summary = await engine2.run('p', [step('writer.write')]);
    expect(seen).toEqual(['42']);
    expect(summary.events).toMatchObject({ onPasswordRotated: 1, 'password:updated': 1, onEntityEvent: 1 });
    expect(summary.listenerFailures).toEqual([
      { plugin: 'broken-notifier', hook: 'onPasswordRotated', message: 'webhook down', code: 'EHOOK' },
    ]);
    expect(lines.some((l) => l.message === 'listener failed' && l.meta?.plugin === 'broken-notifier')).toBe(
      true,
    );
    void engine;
    void failures;
  });

  it('stamps plugin and hook on errors from beforeWrite and fails only the item', async () => {
    const engine = newEngine();
    let thrown: unknown;
    engine.hooks.beforeWrite.tapPromise('veto-plugin', async () => {
      throw new Error('not allowed');
    });
    try {
      await engine.hooks.beforeWrite.promise({
        plugin: 'p',
        step: 's',
        sourceKey: 'a',
        resourceType: 'organizations',
        action: 'create',
        attributes: {},
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ message: 'not allowed', plugin: 'veto-plugin', hook: 'beforeWrite' });
  });

  it('resolveOrganization: the first listener with an answer wins', async () => {
    const engine = newEngine();
    engine.hooks.resolveOrganization.tapPromise('passes', async () => undefined);
    engine.hooks.resolveOrganization.tapPromise('answers', async (ref) => ({
      id: '7',
      via: `domain ${ref.value}`,
    }));
    engine.hooks.resolveOrganization.tapPromise('never-asked', async () => ({ id: '8', via: 'late' }));
    await expect(
      engine.hooks.resolveOrganization.promise({ kind: 'domain', value: 'acme.com' }),
    ).resolves.toEqual({
      id: '7',
      via: 'domain acme.com',
    });
  });
});

describe('steps and pipelines', () => {
  const plugin = definePlugin({
    name: 'items',
    apply(host) {
      host.registerStep('items.process', {
        description: 'processes items, one of which is bad',
        options: z.object({
          items: z.array(z.string()).describe('items'),
          label: z.string().default('x').describe('label'),
        }),
        async run(ctx, options) {
          await ctx.forEachItem(
            options.items,
            (item) => item,
            async (item) => {
              if (item === 'bad')
                throw Object.assign(new Error('bad item'), { code: 'EITEM', hint: 'fix it' });
              ctx.count('created');
            },
          );
        },
      });
    },
  });

  it('validates pipelines against registered steps and their option schemas', async () => {
    const engine = newEngine();
    await engine.use([loaded(plugin)]);
    const problems = engine.validatePipelines({
      test: [
        step('items.process', { items: 'not-a-list', extra: 1 }),
        { ...step('items.missing'), keyPath: 'pipelines.test[1]' },
      ],
    });
    expect(problems).toEqual([
      expect.objectContaining({
        place: 'pipelines.test[0].with.items',
        reason: 'wrong type',
        expected: 'array',
      }),
      expect.objectContaining({ place: 'pipelines.test[0].with.extra', reason: 'unknown key' }),
      expect.objectContaining({
        place: 'pipelines.test[1].step',
        reason: 'unknown step "items.missing"',
        expected: 'one of items.process',
      }),
    ]);
  });

  it('one bad item fails alone; the run is partial and the message names the item', async () => {
    const engine = newEngine();
    await engine.use([loaded(plugin)]);
    const summary = await engine.run('test', [step('items.process', { items: ['a', 'bad', 'c', 'd'] })]);
    expect(summary.status).toBe('partial');
    expect(summary.counts).toEqual({
      created: 3,
      recreated: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      failed: 1,
      updatedAgain: 0,
    });
    expect(summary.messages).toEqual([
      {
        severity: 'error',
        reason: 'bad item',
        code: 'EITEM',
        hint: 'fix it',
        source: 'items:items.process',
        item: 'bad',
      },
    ]);
  });

  it('a step that throws fails the step, not the process', async () => {
    const engine = newEngine();
    await engine.use([
      loaded(
        definePlugin({
          name: 'thrower',
          apply(host) {
            host.registerStep('thrower.go', {
              description: 'throws',
              async run() {
                throw Object.assign(new Error('source unreachable'), { code: 'ESOURCE' });
              },
            });
          },
        }),
      ),
    ]);
    const summary = await engine.run('t', [step('thrower.go')]);
    expect(summary.status).toBe('failed');
    expect(summary.messages[0]).toMatchObject({ code: 'ESOURCE', reason: 'source unreachable' });
  });

  it('refuses a step id registered twice', async () => {
    const twice = definePlugin({
      name: 'twice',
      apply(host) {
        host.registerStep('twice.go', { description: 'a', run: async () => undefined });
        host.registerStep('twice.go', { description: 'b', run: async () => undefined });
      },
    });
    await expect(newEngine().use([loaded(twice)])).rejects.toMatchObject({
      code: 'EPLUGIN_DUPLICATE_STEP',
      plugin: 'twice',
      hook: 'apply',
    });
  });
});
