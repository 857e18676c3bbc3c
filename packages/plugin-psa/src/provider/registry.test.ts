/** Third-party providers through getPsaHooks: registered from another plugin, in any order. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { definePlugin } from '@glueflow/core';
import { createTestEngine, type TestEngine } from '@glueflow/testkit';
import { z } from 'zod';
import { psaPlugin } from '../plugin.js';
import { makeCompany } from '../__fixtures__/world.js';
import { getPsaHooks, PsaProviderRegistry, BUILT_IN_PROVIDERS } from './registry.js';
import { definePsaProvider } from './types.js';

const staticProvider = definePsaProvider({
  name: 'static',
  description: 'companies given in the connection (a test provider)',
  connection: z.strictObject({ count: z.number().int() }),
  incremental: false,
  create: (connection) => ({
    async *listCompanies() {
      for (let i = 0; i < connection.count; i++) yield makeCompany(i);
    },
  }),
});

const providerPlugin = definePlugin({
  name: 'glueflow-psa-static',
  apply(host) {
    getPsaHooks(host).providers.tap('glueflow-psa-static', (registry) => registry.add(staticProvider));
  },
});

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('the PSA provider registry', () => {
  it('syncs from a provider another plugin registered, even when that plugin is applied first', async () => {
    t = await createTestEngine({
      plugins: [providerPlugin, [psaPlugin, { provider: 'static', connection: { count: 3 } }]],
    });
    const summary = await t.runStep('psa.sync-organizations', {});
    expect(summary.counts).toMatchObject({ created: 3, failed: 0 });
    expect(
      t
        .eventsOf('organization:created')
        .map((e) => e.sourceKey)
        .sort(),
    ).toEqual(['static:1000', 'static:1001', 'static:1002']);
  });

  it('checks a third-party connection when the step runs, naming the key', async () => {
    t = await createTestEngine({
      plugins: [[psaPlugin, { provider: 'static', connection: { count: 'x' } }], providerPlugin],
    });
    const summary = await t.runStep('psa.sync-organizations', {});
    expect(summary.messages[0]).toMatchObject({ code: 'EPSA_CONNECTION' });
    expect(summary.messages[0]!.reason).toContain('connection.count');
  });

  it('names the known providers when the provider is unknown', async () => {
    t = await createTestEngine({ plugins: [[psaPlugin, { provider: 'syncro', connection: {} }]] });
    const summary = await t.runStep('psa.sync-organizations', {});
    expect(summary.messages[0]).toMatchObject({
      code: 'EPSA_UNKNOWN_PROVIDER',
      hint: 'use one of connectwise, autotask, halopsa, hubspot, csv, or add the plugin that provides "syncro"',
    });
  });

  it('refuses a second provider of the same name unless it replaces on purpose', () => {
    const registry = new PsaProviderRegistry();
    for (const factory of BUILT_IN_PROVIDERS) registry.add(factory);
    expect(() => registry.add({ ...staticProvider, name: 'csv' })).toThrow(
      /two PSA providers are called "csv"/,
    );
    registry.add({ ...staticProvider, name: 'csv' }, { replace: true });
    expect(registry.get('csv').description).toBe(staticProvider.description);
    expect(() => registry.add({ ...staticProvider, name: 'Bad Name' })).toThrow(/not a lowercase word/);
  });
});
