import { describe, expect, it } from '@jest/globals';
import { contractExamples } from '@glueflow/emulator';
import { PSA_WRITABLE } from './models/psa-lock.js';
import { RESOURCE_TYPES, SPELLINGS, resourceNames, resourceType, resourceTypeOf } from './resource-types.js';

describe('RESOURCE_TYPES', () => {
  it.each(RESOURCE_TYPES.map((row) => [row.route, row] as const))(
    '%s: every spelling finds its row',
    (_, row) => {
      expect(resourceType(row.route)).toBe(row);
      for (const spelling of SPELLINGS) {
        expect(resourceType(row[spelling], spelling)).toBe(row);
        expect(resourceTypeOf(row[spelling])).toBe(row);
        expect(resourceTypeOf(row[spelling], [spelling])).toBe(row);
      }
    },
  );

  it('no spelling of one type is a spelling of another', () => {
    const owners = new Map<string, string>();
    for (const row of RESOURCE_TYPES) {
      for (const name of new Set(SPELLINGS.map((spelling) => row[spelling]))) {
        expect([name, owners.get(name) ?? row.route]).toEqual([name, row.route]);
        owners.set(name, row.route);
      }
    }
  });

  it('a name in no row, or asked in the wrong spelling, finds nothing', () => {
    expect(resourceTypeOf('tickets')).toBeUndefined();
    expect(resourceTypeOf('flexible_assets', ['jsonType', 'label'])).toBeUndefined();
  });

  it('the derived lists keep table order', () => {
    expect(resourceNames('writable')).toEqual([
      'organizations',
      'configurations',
      'contacts',
      'locations',
      'passwords',
      'flexible_assets',
      'documents',
    ]);
    expect(resourceNames('cached', 'jsonType')).toEqual([
      'organizations',
      'configurations',
      'contacts',
      'locations',
      'passwords',
      'flexible-asset-types',
      'flexible-assets',
      'documents',
    ]);
    expect(resourceNames('watched', 'jsonType')).toEqual([
      'organizations',
      'configurations',
      'contacts',
      'locations',
      'passwords',
      'flexible-assets',
    ]);
    expect(resourceNames('hooks', 'entity')).toEqual([
      'organization',
      'configuration',
      'contact',
      'password',
      'flexible-asset',
      'document',
      'attachment',
    ]);
    expect(Object.keys(PSA_WRITABLE)).toEqual(['organizations', 'configurations', 'contacts', 'locations']);
  });
});

describe('labels against the published examples', () => {
  // Every `resource-type` IT Glue's docs show: /logs entries, user metrics, expirations, embedded records.
  const published = new Set<string>();
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'resource-type' && typeof inner === 'string') published.add(inner);
        else collect(inner);
      }
    }
  };
  for (const example of contractExamples()) collect(example.json);
  /** What a careless spelling keeps: `flexible-assets`, `FlexibleAsset` and `Flexible Asset` fold alike. */
  const fold = (name: string) =>
    name
      .toLowerCase()
      .replace(/[^a-z]/g, '')
      .replace(/s$/, '');

  it('the /logs example spells types as Title Case singular words, as the labels do', () => {
    const logs = contractExamples().find(
      (example) => example.path === '/logs' && example.kind === 'response',
    );
    const [entry] = (logs?.json as { data: Array<{ attributes: Record<string, unknown> }> }).data;
    expect(entry?.attributes['resource-type']).toMatch(/^[A-Z][a-z]+( [A-Z][a-z]+)*$/);
    for (const row of RESOURCE_TYPES) expect(row.label).toMatch(/^[A-Z][a-z]+( [A-Z][a-z]+)*$/);
  });

  it('each published resource-type naming one of our types is spelt exactly as its label', () => {
    const ours = [...published].filter((name) =>
      RESOURCE_TYPES.some((row) => fold(row.label) === fold(name)),
    );
    expect(ours.length).toBeGreaterThan(0); // Configuration, at least: the test compares something
    for (const name of ours) expect(resourceTypeOf(name, ['label'])?.label).toBe(name);
  });
});
