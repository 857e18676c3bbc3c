/**
 * Every IT Glue record type Glueflow knows, one row each, with every way it is spelt and every
 * rule that depends on the type. Code never translates one spelling into another by hand (no
 * `replaceAll('_', '-')`, no second lookup table): it finds the row and reads the column.
 *
 * Why one table, Glueflow's columns included (`cached`, `watched`, `writable`, `hooks`): a newcomer
 * asking "how is flexible assets spelt in the cache, in hook names, in the activity log?" reads one
 * row in one file. Split across packages, half of each row would live where nobody looks. Those
 * columns are plain data (booleans), so this package still imports nothing from core, and a script
 * using only the client may ignore them.
 *
 * Adding a type: add a row. Every union below is derived from the rows, so the compiler then
 * points at each place that must handle it.
 */
import type { ITGlueClient } from './itglue-client.js';

export interface ResourceTypeRow {
  /**
   * URL segment, snake plural (`flexible_assets`): what requests are built from, what a
   * `RecordWrite` names, and how the write gate's requests name the type.
   */
  readonly route: string;
  /**
   * JSON:API `type`, kebab plural (`flexible-assets`), as request bodies and answers carry it. Core's
   * metadata cache keeps the type under this name too (its namespaces on disk), so it needs none of its own.
   */
  readonly jsonType: string;
  /**
   * One record of the type, kebab singular (`flexible-asset`): entity hook keys
   * (`flexible-asset:created`) and messages (`flexible-asset #12`).
   */
  readonly entity: string;
  /**
   * IT Glue's display name (`Flexible Asset`): the `resource-type` of `/logs` entries (how the watcher
   * places a deletion), of embedded records and of related items' `destination_type`.
   */
  readonly label: string;
  /** The `ITGlueClient` property that reads and writes it (`flexibleAssets`). */
  readonly client: keyof ITGlueClient;
  /**
   * IT Glue's `filter[name]` finds it by name. Contacts filter by first and last name only and
   * documents not at all: a name lookup lists the organization's records and matches here.
   */
  readonly nameFilter: boolean;
  /** Core's metadata cache keeps it (under `jsonType`). */
  readonly cached: boolean;
  /** `glueflow watch` polls it for changes (under `jsonType`, the names `--types` takes). */
  readonly watched: boolean;
  /** The write gate creates and updates it and attaches files to it (`upsert`, `attach`). */
  readonly writable: boolean;
  /** It has entity hooks (`<entity>:created` …). Locations have none: the watcher only caches them. */
  readonly hooks: boolean;
  /**
   * Lock rules: the fields a record IT Glue's PSA sync owns still accepts (IT Glue's PATCH tables,
   * camelCase as writes use; reference/itglue-api.md §6a) — everything else is refused with a 422.
   * `null`: IT Glue's PSA sync never locks this type.
   */
  readonly psaWritable: readonly string[] | null;
}

export const RESOURCE_TYPES = [
  {
    route: 'organizations',
    jsonType: 'organizations',
    entity: 'organization',
    label: 'Organization',
    client: 'organizations',
    nameFilter: true,
    cached: true,
    watched: true,
    writable: true,
    hooks: true,
    psaWritable: ['alert', 'description', 'quickNotes'],
  },
  {
    route: 'configurations',
    jsonType: 'configurations',
    entity: 'configuration',
    label: 'Configuration',
    client: 'configurations',
    nameFilter: true,
    cached: true,
    watched: true,
    writable: true,
    hooks: true,
    psaWritable: [
      'archived',
      'assetTag',
      'notes',
      'purchasedAt',
      'restricted',
      'serialNumber',
      'warrantyExpiresAt',
      'mitpDeviceExpirationDate',
      'mitpEndOfLifeDate',
    ],
  },
  {
    route: 'contacts',
    jsonType: 'contacts',
    entity: 'contact',
    label: 'Contact',
    client: 'contacts',
    nameFilter: false,
    cached: true,
    watched: true,
    writable: true,
    hooks: true,
    psaWritable: [],
  },
  {
    route: 'locations',
    jsonType: 'locations',
    entity: 'location',
    label: 'Location',
    client: 'locations',
    nameFilter: true,
    cached: true,
    watched: true,
    writable: true,
    hooks: false,
    psaWritable: [],
  },
  {
    route: 'passwords',
    jsonType: 'passwords',
    entity: 'password',
    label: 'Password',
    client: 'passwords',
    nameFilter: true,
    cached: true,
    watched: true,
    writable: true,
    hooks: true,
    psaWritable: null,
  },
  {
    route: 'flexible_asset_types',
    jsonType: 'flexible-asset-types',
    entity: 'flexible-asset-type',
    label: 'Flexible Asset Type',
    client: 'flexibleAssetTypes',
    nameFilter: true,
    cached: true,
    watched: false,
    // Steps ensure a type (ensureFlexibleAssetType), they never upsert one through the gate.
    writable: false,
    hooks: false,
    psaWritable: null,
  },
  {
    route: 'flexible_assets',
    jsonType: 'flexible-assets',
    entity: 'flexible-asset',
    label: 'Flexible Asset',
    client: 'flexibleAssets',
    nameFilter: true,
    cached: true,
    watched: true,
    writable: true,
    hooks: true,
    psaWritable: null,
  },
  {
    route: 'documents',
    jsonType: 'documents',
    entity: 'document',
    label: 'Document',
    client: 'documents',
    nameFilter: false,
    cached: true,
    watched: false,
    writable: true,
    hooks: true,
    psaWritable: null,
  },
  {
    route: 'attachments',
    jsonType: 'attachments',
    entity: 'attachment',
    label: 'Attachment',
    client: 'attachments',
    // Read through the record they belong to (`include=attachments`), never looked up by name.
    nameFilter: false,
    cached: false,
    watched: false,
    writable: false,
    hooks: true,
    psaWritable: null,
  },
] as const satisfies readonly ResourceTypeRow[];

export type ResourceType = (typeof RESOURCE_TYPES)[number];
export type ResourceRoute = ResourceType['route'];
export type ResourceTypeOf<R extends ResourceRoute> = Extract<ResourceType, { route: R }>;

/** The columns that name the type; `resourceTypeOf` accepts any of them. */
export const SPELLINGS = ['route', 'jsonType', 'entity', 'label', 'client'] as const;
export type Spelling = (typeof SPELLINGS)[number];
/** The yes/no columns. */
export type ResourceFlag = 'nameFilter' | 'cached' | 'watched' | 'writable' | 'hooks';

/** The `spelling` of each type whose `flag` is set: `ResourceNames<'cached', 'jsonType'>` is `'organizations' | …`. */
export type ResourceNames<F extends ResourceFlag, S extends Spelling = 'route'> = Extract<
  ResourceType,
  Record<F, true>
>[S];

/** Types the write gate creates, updates and attaches files to (route spelling, as requests name them). */
export type WritableRoute = ResourceNames<'writable'>;
/** Types IT Glue's PSA sync may lock (those with lock rules). */
export type PsaSyncedType = Exclude<ResourceType, { psaWritable: null }>['route'];

/**
 * The row of a name typed as one of its spellings: `resourceType('flexible_assets')` (a route),
 * `resourceType(cacheName, 'jsonType')`. For names from outside (a log entry, a flag) see `resourceTypeOf`.
 */
export function resourceType<S extends Spelling = 'route', N extends ResourceType[S] = ResourceType[S]>(
  name: N,
  spelling: S = 'route' as S,
): Extract<ResourceType, Record<S, N>> {
  return RESOURCE_TYPES.find((row) => row[spelling] === name) as Extract<ResourceType, Record<S, N>>;
}

/**
 * The row a name spells, in any of `spellings` (default: all of them), or undefined:
 * `resourceTypeOf('Flexible Asset', ['label'])` is the `flexible_assets` row.
 */
export function resourceTypeOf(
  name: string,
  spellings: readonly Spelling[] = SPELLINGS,
): ResourceType | undefined {
  return RESOURCE_TYPES.find((row) => spellings.some((spelling) => row[spelling] === name));
}

/** `spelling` of every type whose `flag` is set, in table order: `resourceNames('watched', 'jsonType')`. */
export function resourceNames<F extends ResourceFlag, S extends Spelling = 'route'>(
  flag: F,
  spelling: S = 'route' as S,
): Array<ResourceNames<F, S>> {
  return RESOURCE_TYPES.filter((row) => row[flag]).map((row) => row[spelling] as ResourceNames<F, S>);
}

/** The entity a type's hooks are named by (`flexible-asset`), or undefined: it has no entity hooks (locations). */
export function hookEntityOf<R extends ResourceType>(
  row: R,
): Extract<R, { hooks: true }>['entity'] | undefined {
  return row.hooks ? row.entity : undefined;
}
