/**
 * The read tools, always offered: search the cache's full-text index, read one record live (through
 * the shared rate budget), page through the cached organizations, list pipelines, and plan one
 * (a dry run: nothing is written to IT Glue or the state).
 */
import { CACHED_TYPES } from '@glueflow/core';
import type { CachedType } from '@glueflow/core';
import { z } from 'zod';
import { mcpErrors } from './errors.js';
import { maskSecrets } from './mask-secrets.js';
import { runOutcome } from './run-outcome.js';
import { defineTool } from './tool-types.js';
import type { McpRuntime, ToolContext } from './tool-types.js';

const recordId = z
  .string()
  .regex(/^\d{1,19}$/, 'an IT Glue id: digits only')
  .describe('The record id, e.g. "1234".');

const pipelineName = z.string().min(1).max(200).describe('A pipeline name, as list_pipelines gives it.');

export const searchTool = defineTool({
  name: 'search',
  description:
    'Full-text search of the cached IT Glue records (organizations, configurations, contacts, locations, passwords metadata, flexible assets, documents); returns hits best first with id, type, name, organization, snippet and IT Glue URL.',
  input: z.strictObject({
    query: z
      .string()
      .min(1)
      .max(1000)
      .describe('Words to find; "quoted phrase", prefix*, OR and NOT work (SQLite FTS5 syntax).'),
    type: z
      .enum(CACHED_TYPES as [CachedType, ...CachedType[]])
      .optional()
      .describe('Only records of this type.'),
    organization: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Only records of this organization: its name or id.'),
    limit: z.number().int().min(1).max(50).optional().describe('At most this many hits (default 20).'),
  }),
  writes: false,
  narrowHint: 'narrow with more words, a "phrase", type or organization, or a lower limit',
  async run(args, { runtime }) {
    const result = await runtime.search(args.query, {
      limit: args.limit ?? 20,
      ...(args.type ? { type: args.type } : {}),
      ...(args.organization ? { organization: args.organization } : {}),
    });
    const hits = result.hits.map(({ highlights: _highlights, ...hit }) => hit);
    return { hits, total: result.total, more: result.more, ranked: result.ranked };
  },
});

/** get_record's types and the client resource that reads each (metadata only for passwords). */
const READERS = {
  organizations: (r: McpRuntime, id: string) => r.client.organizations.get(id),
  configurations: (r: McpRuntime, id: string) => r.client.configurations.get(id),
  contacts: (r: McpRuntime, id: string) => r.client.contacts.get(id),
  locations: (r: McpRuntime, id: string) => r.client.locations.get(id),
  passwords: (r: McpRuntime, id: string) => r.client.passwords.get(id),
  flexible_assets: (r: McpRuntime, id: string) => r.client.flexibleAssets.get(id),
  documents: (r: McpRuntime, id: string) => r.client.documents.get(id),
} as const;
type ReadableType = keyof typeof READERS;

export const getRecordTool = defineTool({
  name: 'get_record',
  description:
    'Read one IT Glue record live by type and id (current values, through the shared rate budget); password values and secret traits are shown as [secret].',
  input: z.strictObject({
    type: z
      .enum(Object.keys(READERS) as [ReadableType, ...ReadableType[]])
      .describe('The record type, e.g. configurations or flexible_assets.'),
    id: recordId,
  }),
  writes: false,
  narrowHint: 'the record is larger than mcp.maxResultBytes: use search for its snippet, or raise the limit',
  async run(args, { runtime }) {
    const record = (await READERS[args.type](runtime, args.id)) as Record<string, unknown> | null;
    if (!record) throw mcpErrors.create('EMCP_NOT_FOUND', { type: args.type, id: args.id });
    const typeId = record.flexibleAssetTypeId;
    const known = typeId == null ? undefined : await runtime.client.secretTraits.load(typeId);
    return { type: args.type, id: args.id, record: maskSecrets(record, known) };
  },
});

export const listOrganizationsTool = defineTool({
  name: 'list_organizations',
  description:
    'List the organizations in the Glueflow cache by name, a page at a time (id, name, type, status); use offset to page and name to filter.',
  input: z.strictObject({
    name: z.string().min(1).max(200).optional().describe('Only organizations whose name contains this.'),
    offset: z.number().int().min(0).max(1_000_000).optional().describe('Skip this many (default 0).'),
    limit: z.number().int().min(1).max(200).optional().describe('At most this many (default 50).'),
  }),
  writes: false,
  narrowHint: 'use a lower limit and page with offset, or filter by name',
  async run(args, { runtime }) {
    const offset = args.offset ?? 0;
    const limit = args.limit ?? 50;
    if (args.name) {
      // Names containing the text, from the cache's name index; one extra tells whether there are more.
      const found = await runtime.cache.search('organizations', args.name, { limit: offset + limit + 1 });
      const more = found.records.length > offset + limit;
      const total = more ? undefined : found.records.length;
      return page(found.records.slice(offset, offset + limit), offset, more, total, found.stale);
    }
    const { records, total, stale } = await runtime.cache.page('organizations', { offset, limit });
    return page(records, offset, offset + records.length < total, total, stale);
  },
});

function page(
  records: Array<Record<string, unknown>>,
  offset: number,
  more: boolean,
  total: number | undefined,
  stale: boolean,
) {
  const organizations = records.map((o) => ({
    id: String(o.id),
    name: o.name,
    ...pick(o, ['shortName', 'organizationTypeName', 'organizationStatusName', 'primary', 'updatedAt']),
  }));
  return {
    organizations,
    offset,
    ...(total === undefined ? {} : { total }),
    more,
    ...(more ? { nextOffset: offset + records.length } : {}),
    ...(stale ? { stale: true } : {}),
  };
}

function pick(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => record[k] != null).map((k) => [k, record[k]]));
}

export const listPipelinesTool = defineTool({
  name: 'list_pipelines',
  description:
    'List the configured Glueflow pipelines with their steps; plan one with plan_pipeline (and run_pipeline when writes are allowed).',
  input: z.strictObject({}),
  writes: false,
  narrowHint: 'too many pipelines to list at once',
  async run(_args, { runtime, writesAllowed }) {
    const pipelines = Object.entries(runtime.config.pipelines).map(([name, steps]) => ({
      name,
      steps: steps.map((s) => ({ step: s.step, ...(s.name ? { name: s.name } : {}) })),
    }));
    return { pipelines, writesAllowed };
  },
});

export const planPipelineTool = defineTool({
  name: 'plan_pipeline',
  description:
    'Dry-run a pipeline and return its plan (every create/update it would make, with field changes) and a planId for apply_plan; writes nothing.',
  input: z.strictObject({ pipeline: pipelineName }),
  writes: false,
  narrowHint:
    'the plan has more entries than fit; the counts are complete — review the rest with `glueflow plan`',
  async run(args, context: ToolContext) {
    const result = await context.runtime.run(args.pipeline, { dryRun: true });
    const planId = `plan-${context.plans.size + 1}`;
    context.plans.set(planId, result.plan);
    return { planId, ...runOutcome(result) };
  },
});
