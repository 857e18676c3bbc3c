import { describe, expect, it } from '@jest/globals';
import { createTestEngine } from '@glueflow/testkit';
import { psaPlugin } from '../plugin.js';
import { mergeOptions, pluginOptionsSchema, resolveSyncOptions, syncStepSchema } from './options.js';

const cw = {
  url: 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0',
  companyId: 'msp',
  publicKey: { env: 'A' },
  privateKey: { env: 'B' },
  clientId: { env: 'C' },
};

describe('PSA step options', () => {
  it('merges the plugin entry with a step’s with:, key by key for fields, filter and connection', () => {
    const merged = mergeOptions(
      { provider: 'connectwise', connection: cw, fields: { quickNotes: 'x' }, filter: { activeOnly: false } },
      { connection: { companyId: 'other' }, fields: { shortName: false }, createMissing: false },
    );
    expect(merged).toEqual({
      provider: 'connectwise',
      connection: { ...cw, companyId: 'other' },
      fields: { quickNotes: 'x', shortName: false },
      filter: { activeOnly: false },
      createMissing: false,
    });
  });

  it('does not hand the entry’s connection or source to a step that names another provider', () => {
    const merged = mergeOptions(
      { provider: 'connectwise', connection: cw, source: 'cw', updateExisting: false },
      { provider: 'csv', connection: { file: 'a.csv' } },
    );
    expect(merged).toEqual({ provider: 'csv', connection: { file: 'a.csv' }, updateExisting: false });
    expect(resolveSyncOptions(merged)).toMatchObject({ source: 'csv', updateExisting: false });
  });

  it('fills the documented defaults after merging', () => {
    expect(resolveSyncOptions({ provider: 'csv', connection: { file: 'a.csv' } })).toEqual({
      provider: 'csv',
      connection: { file: 'a.csv' },
      source: 'csv',
      filter: { activeOnly: true, statuses: {}, types: {} },
      match: ['mapping', 'psa-id', 'identifier', 'exact-name', 'normalized-name'],
      nameSuffixes: [],
      fields: {
        name: true,
        shortName: true,
        organizationType: { map: {}, default: null },
        status: { active: 'Active', inactive: 'Inactive' },
        description: false,
        quickNotes: false,
      },
      createMissing: true,
      updateExisting: true,
      onMissingInPsa: 'ignore',
      full: false,
      reviewFile: 'psa-review.json',
    });
    expect(resolveSyncOptions({ connection: {} })).toEqual({ missing: 'provider' });
  });

  it('rejects unknown keys, unknown template variables, repeated strategies and bad built-in connections', () => {
    const result = syncStepSchema.safeParse({
      provider: 'connectwise',
      connection: { ...cw, url: 'http://cw.example.com/v4_6_release/apis/3.0', privateKey: 'pasted-secret' },
      fields: { quickNotes: 'Phone {{phone}} {{fax}}' },
      match: ['exact-name', 'exact-name'],
      onMissing: 'delete',
    });
    expect(result.success).toBe(false);
    const problems = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'fields.quickNotes: unknown template variable {{fax}}',
        'match: a strategy is listed twice',
        expect.stringMatching(/^connection\.url: http:\/\/ is only allowed/),
        expect.stringMatching(/^connection\.privateKey: /),
        expect.stringMatching(/^: Unrecognized key: "onMissing"/),
      ]),
    );
    expect(JSON.stringify(result.error!.issues)).not.toContain('pasted-secret');
  });

  it('refuses bad plugin-entry options when the engine starts, before any IT Glue call', async () => {
    expect(pluginOptionsSchema.safeParse({ provider: 'csv', connection: { fil: 'x' } }).success).toBe(false);
    await expect(
      createTestEngine({ plugins: [[psaPlugin, { provider: 'csv', onMissingInPsa: 'delete' }]] }),
    ).rejects.toThrow(/onMissingInPsa/);
  });

  it('refuses a pipeline step with a bad with: block at load time (the engine’s strict parse keeps our checks)', async () => {
    await expect(
      createTestEngine({
        plugins: [psaPlugin],
        pipelines: {
          nightly: [
            { step: 'psa.sync-organizations', with: { provider: 'connectwise', connection: cw, bogus: 1 } },
          ],
        },
      }),
    ).rejects.toThrow(/bogus/);
    await expect(
      createTestEngine({
        plugins: [psaPlugin],
        pipelines: {
          nightly: [
            {
              step: 'psa.sync-organizations',
              with: { provider: 'connectwise', connection: { ...cw, clientId: 'x' } },
            },
          ],
        },
      }),
    ).rejects.toThrow(/with\.connection\.clientId/);
  });

  it('fails the step with EPSA_CONFIG when no provider is set anywhere', async () => {
    const t = await createTestEngine({ plugins: [psaPlugin] });
    try {
      const summary = await t.runStep('psa.sync-organizations', { connection: { file: 'x.csv' } });
      expect(summary.status).toBe('failed');
      expect(summary.messages[0]).toMatchObject({
        code: 'EPSA_CONFIG',
        reason: 'no provider for the PSA step',
      });
    } finally {
      await t.close();
    }
  });
});
