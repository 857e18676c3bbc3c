import { describe, expect, it } from '@jest/globals';
import { configJsonSchema } from './json-schema.js';

describe('configJsonSchema', () => {
  const schema = configJsonSchema() as {
    $id: string;
    properties: Record<string, { description?: string }>;
    additionalProperties?: unknown;
  };

  it('describes every top-level key the loader accepts, $schema included', () => {
    expect(schema.$id).toMatch(/glueflow\.schema\.json$/);
    for (const key of ['$schema', 'instance', 'instances', 'rateLimit', 'plugins', 'pipelines'])
      expect(schema.properties).toHaveProperty(key);
    expect(schema.properties.rateLimit?.description).toBeTruthy();
  });

  it('rejects unknown top-level keys, like the loader does', () => {
    expect(schema.additionalProperties).toBe(false);
  });
});
