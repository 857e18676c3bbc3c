/**
 * The config file's JSON Schema, generated from the same zod schema the loader validates with, so
 * editors (VS Code YAML, JetBrains) check `.glueflowrc.yaml` / `.json` through `$schema` and show each
 * key's description. Plugin options are open (`with:` is checked by each step's own schema at load time).
 */
import { z } from 'zod';
import { configFileSchema } from './schema.js';

export const CONFIG_SCHEMA_ID = 'https://glueflow.dev/schema/glueflow.schema.json';

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return { ...schema, $id: CONFIG_SCHEMA_ID, title: 'Glueflow configuration' };
}
