/**
 * Options of the PSA steps. The same keys may sit on the plugin entry (defaults for every PSA step)
 * and in a step's `with:`; the step's keys win. So neither schema carries `.default()` — a default in
 * `with:` would silently override the plugin entry — and the defaults are applied after merging
 * (`resolveSyncOptions`), where they are also documented.
 */
import { onDeletedOption } from '@glueflow/core';
import { z } from 'zod';
import { BUILT_IN_PROVIDERS } from '../provider/registry.js';
import { unknownVariables, TEMPLATE_VARIABLES } from './template.js';
import { PUSH_PROVIDERS, pushSchema } from '../push/push-options.js';

export const MATCH_STRATEGIES = ['mapping', 'psa-id', 'identifier', 'exact-name', 'normalized-name'] as const;
export type MatchStrategy = (typeof MATCH_STRATEGIES)[number];

const template = (what: string) =>
  z
    .string()
    .superRefine((value, ctx) => {
      for (const name of unknownVariables(value)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown template variable {{${name}}}`,
          params: { expected: TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ') },
        });
      }
    })
    .describe(`${what} template with {{variables}}: ${TEMPLATE_VARIABLES.join(', ')}`);

const includeExclude = (what: string) =>
  z
    .strictObject({
      include: z.array(z.string()).optional().describe(`Only companies with one of these ${what}`),
      exclude: z.array(z.string()).optional().describe(`Never companies with one of these ${what}`),
    })
    .optional()
    .describe(`${what} to include or exclude (names as the PSA shows them, case ignored)`);

export const filterSchema = z
  .strictObject({
    activeOnly: z.boolean().optional().describe('Only active companies are created (default true)'),
    statuses: includeExclude('statuses'),
    types: includeExclude('types'),
  })
  .describe('Which PSA companies are in scope');

export const fieldsSchema = z
  .strictObject({
    name: z.boolean().optional().describe('Organization name ← company name (default true)'),
    shortName: z.boolean().optional().describe('Short name ← identifier (default true)'),
    organizationType: z
      .union([
        z.literal(false),
        z.strictObject({
          map: z
            .record(z.string(), z.string())
            .optional()
            .describe(
              'PSA type → IT Glue organization type name, e.g. { "Managed Services Client": "Customer" }',
            ),
          default: z
            .string()
            .nullable()
            .optional()
            .describe('IT Glue type for companies no map entry matches (default: leave unset)'),
        }),
      ])
      .optional()
      .describe(
        'Organization type ← PSA type via `map`; an unmapped type that IT Glue also has is used as is',
      ),
    status: z
      .union([
        z.literal(false),
        z.strictObject({
          active: z.string().optional().describe('IT Glue status for active companies (default "Active")'),
          inactive: z
            .string()
            .optional()
            .describe('IT Glue status for inactive companies (default "Inactive")'),
        }),
      ])
      .optional()
      .describe('Organization status ← active/inactive'),
    description: z.union([z.literal(false), template('Description')]).optional(),
    quickNotes: z.union([z.literal(false), template('Quick notes')]).optional(),
  })
  .describe('Which organization fields the sync owns, and how they are filled');

const uniqueStrategies = z
  .array(z.enum(MATCH_STRATEGIES))
  .min(1)
  .refine((list) => new Set(list).size === list.length, { message: 'a strategy is listed twice' });

/** Every key of the organization sync; all optional (see the file comment). */
export const syncShape = {
  provider: z
    .string()
    .min(1)
    .optional()
    .describe('connectwise | autotask | halopsa | hubspot | csv | a plugin’s'),
  connection: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Provider connection; secrets as { env: NAME } or { keychain: NAME } (see the provider table)'),
  source: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/i, 'letters, digits and dashes')
    .optional()
    .describe('Names this PSA in source keys, bookmarks and the review file (default: the provider name)'),
  filter: filterSchema.optional(),
  match: uniqueStrategies
    .optional()
    .describe(`Match strategies in order (default ${MATCH_STRATEGIES.join(' → ')})`),
  nameSuffixes: z
    .array(z.string().min(1))
    .optional()
    .describe(
      'Extra company-name suffixes the normalised match ignores (Inc, LLC, Ltd, Pty Ltd, GmbH … built in)',
    ),
  fields: fieldsSchema.optional(),
  createMissing: z
    .boolean()
    .optional()
    .describe('Create organizations for unmatched companies (default true)'),
  updateExisting: z.boolean().optional().describe('Update matched organizations (default true)'),
  onMissingInPsa: z
    .enum(['ignore', 'mark-inactive'])
    .optional()
    .describe('Synced organizations whose company left the PSA or the filter (default ignore)'),
  full: z
    .boolean()
    .optional()
    .describe('Ignore the incremental bookmark and read every company (default false)'),
  reviewFile: z
    .string()
    .min(1)
    .optional()
    .describe('Where fuzzy candidates are written for review (default psa-review.json beside the config)'),
  push: pushSchema.optional(),
};

type Shape = z.output<z.ZodObject<typeof syncShape>>;

/**
 * Checks `connection` against a built-in provider, and `push` kinds against the provider, when both sit
 * in the same block (load-time errors).
 */
function checkConnection(value: Shape, ctx: z.RefinementCtx): void {
  for (const kind of Object.keys(value.push ?? {}) as Array<keyof typeof PUSH_PROVIDERS>) {
    if (value.provider && value.push?.[kind] && value.provider !== PUSH_PROVIDERS[kind]) {
      ctx.addIssue({
        code: 'custom',
        path: ['push', kind],
        message: `push.${kind} needs provider ${PUSH_PROVIDERS[kind]}, not ${value.provider}`,
      });
    }
  }
  if (!value.provider || !value.connection) return;
  const factory = BUILT_IN_PROVIDERS.find((p) => p.name === value.provider);
  const parsed = factory?.connection.safeParse(value.connection, { reportInput: false });
  for (const issue of parsed?.success === false ? parsed.error.issues : []) {
    ctx.addIssue({ ...issue, path: ['connection', ...issue.path] } as z.core.$ZodRawIssue);
  }
}

export const pluginOptionsSchema = z
  .strictObject(syncShape)
  .superRefine(checkConnection)
  .describe('Defaults for every PSA step (overridden by a step’s with:)');
export type PluginOptions = z.output<typeof pluginOptionsSchema>;

export const syncStepSchema = z
  .strictObject({ ...syncShape, onDeleted: onDeletedOption })
  .superRefine(checkConnection);
export type SyncStepOptions = z.output<typeof syncStepSchema>;

export interface ResolvedSyncOptions {
  provider: string;
  connection: Record<string, unknown>;
  source: string;
  filter: {
    activeOnly: boolean;
    statuses: { include?: string[]; exclude?: string[] };
    types: { include?: string[]; exclude?: string[] };
  };
  match: MatchStrategy[];
  nameSuffixes: string[];
  fields: {
    name: boolean;
    shortName: boolean;
    organizationType: false | { map: Record<string, string>; default: string | null };
    status: false | { active: string; inactive: string };
    description: false | string;
    quickNotes: false | string;
  };
  createMissing: boolean;
  updateExisting: boolean;
  onMissingInPsa: 'ignore' | 'mark-inactive';
  full: boolean;
  reviewFile: string;
}

/** Plugin entry < step `with:`; a step naming another provider does not inherit the entry's connection. */
export function mergeOptions(defaults: Shape, step: Shape): Shape {
  const sameProvider = !step.provider || !defaults.provider || step.provider === defaults.provider;
  const base = sameProvider ? defaults : { ...defaults, connection: undefined, source: undefined };
  const connection =
    base.connection || step.connection ? { ...base.connection, ...step.connection } : undefined;
  const merged: Shape = { ...base, ...definedOnly(step) };
  if (connection) merged.connection = connection;
  if (base.fields || step.fields) merged.fields = { ...base.fields, ...step.fields };
  if (base.filter || step.filter) merged.filter = { ...base.filter, ...step.filter };
  return merged;
}

/** Fills the defaults; `provider` and `connection` must be set by now. */
export function resolveSyncOptions(merged: Shape): ResolvedSyncOptions | { missing: string } {
  if (!merged.provider) return { missing: 'provider' };
  if (!merged.connection) return { missing: 'connection' };
  const fields = merged.fields ?? {};
  const type = fields.organizationType;
  const status = fields.status;
  return {
    provider: merged.provider,
    connection: merged.connection,
    source: merged.source ?? merged.provider,
    filter: {
      activeOnly: merged.filter?.activeOnly ?? true,
      statuses: merged.filter?.statuses ?? {},
      types: merged.filter?.types ?? {},
    },
    match: merged.match ?? [...MATCH_STRATEGIES],
    nameSuffixes: merged.nameSuffixes ?? [],
    fields: {
      name: fields.name ?? true,
      shortName: fields.shortName ?? true,
      organizationType: type === false ? false : { map: type?.map ?? {}, default: type?.default ?? null },
      status:
        status === false
          ? false
          : { active: status?.active ?? 'Active', inactive: status?.inactive ?? 'Inactive' },
      description: fields.description ?? false,
      quickNotes: fields.quickNotes ?? false,
    },
    createMissing: merged.createMissing ?? true,
    updateExisting: merged.updateExisting ?? true,
    onMissingInPsa: merged.onMissingInPsa ?? 'ignore',
    full: merged.full ?? false,
    reviewFile: merged.reviewFile ?? 'psa-review.json',
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
