/**
 * The shape of a glueflow config file. Keep these names: documentation and users depend on them.
 * A JSON Schema is generated from this (see json-schema.ts) so editors validate YAML/JSON configs.
 */
import { z } from 'zod';
import { storageSchema } from './schema-storage.js';
import { serveSchema } from './schema-serve.js';
import { mcpSchema } from './schema-mcp.js';

export const REGIONS = ['us', 'eu', 'au'] as const;
export type Region = (typeof REGIONS)[number];

export const instanceSchema = z
  .strictObject({
    region: z.enum(REGIONS).optional().describe('IT Glue data centre: us, eu or au. Default us.'),
    url: z
      .string()
      .url()
      .optional()
      .describe('Base URL overriding the region (http only on loopback, e.g. a local emulator).'),
  })
  .describe('The IT Glue instance to talk to. The API key comes from ITGLUE_API_KEY or the keychain.');

export const rateLimitSchema = z
  .strictObject({
    requests: z.number().int().positive().optional().describe('Requests allowed per window. Default 3000.'),
    windowSeconds: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Length of the sliding window in seconds. Default 300.'),
  })
  .describe('The rate budget shared by every plugin and every glueflow process using the same key.');

const pluginOptions = z.record(z.string(), z.unknown());

export const pluginSpecSchema = z
  .union([
    z.string().min(1),
    z.tuple([z.string().min(1), pluginOptions]),
    z.looseObject({ name: z.string(), apply: z.any() }),
    z.tuple([z.looseObject({ name: z.string(), apply: z.any() }), pluginOptions]),
  ])
  .describe(
    'A plugin: a short name (markdown → @glueflow/plugin-markdown), a package name, a path relative ' +
      'to this file, an inline plugin object, or a [plugin, options] tuple.',
  );

export const pipelineStepSchema = z.strictObject({
  step: z.string().min(1).describe('A registered step id, e.g. markdown.import.'),
  with: z.record(z.string(), z.unknown()).optional().describe("The step's options."),
  name: z.string().optional().describe('Display name in logs and summaries.'),
});

export const configFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('JSON Schema reference for editors.'),
    extends: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe('Config files (relative paths or package names) merged underneath this one.'),
    instance: instanceSchema.optional(),
    instances: z
      .record(z.string(), instanceSchema)
      .optional()
      .describe('Several named instances (prod, sandbox …); pick one with --instance.'),
    defaultInstance: z.string().optional().describe('Instance used when --instance is not given.'),
    rateLimit: rateLimitSchema.optional(),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(64)
      .optional()
      .describe('Requests in flight at most. Default 8.'),
    timeouts: z
      .strictObject({
        connectMs: z.number().int().positive().optional().describe('Connect timeout. Default 30000.'),
        responseMs: z.number().int().positive().optional().describe('Response timeout. Default 60000.'),
      })
      .optional(),
    cache: z
      .strictObject({
        ttlSeconds: z
          .record(z.string(), z.number().int().nonnegative())
          .optional()
          .describe('TTL per resource type, e.g. { organizations: 3600 }.'),
        autoRefreshHours: z
          .number()
          .positive()
          .optional()
          .describe('Refresh a type older than this when used.'),
      })
      .optional(),
    history: z
      .strictObject({
        keep: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe('Runs kept per pipeline (watch polls count as one pipeline, `watch`). Default 500.'),
        maxAgeDays: z
          .number()
          .positive()
          .optional()
          .describe('Runs older than this many days are dropped. Default 90.'),
      })
      .optional()
      .describe(
        'The run history (`glueflow runs`): every run, plan, apply and watch poll, kept in the instance’s state file.',
      ),
    plugins: z.array(pluginSpecSchema).optional(),
    pipelines: z
      .record(z.string(), z.array(pipelineStepSchema).min(1))
      .optional()
      .describe('Named lists of steps run by `glueflow run <name>`.'),
    serve: serveSchema.optional(),
    storage: storageSchema.optional(),
    mcp: mcpSchema.optional(),
  })
  .describe('Glueflow configuration.');

export type ConfigFile = z.input<typeof configFileSchema>;

/** Types a glueflow.config.ts / .mjs file. */
export function defineConfig(config: ConfigFile): ConfigFile {
  return config;
}
