/**
 * The cache's source over the IT Glue client: every list pages with `page[size]=1000` (the
 * client's default), and the two types IT Glue cannot list in one go are walked per parent —
 * flexible assets per flexible-asset type, documents per organization.
 */
import type { ITGlueClient, ResourceNames } from '@glueflow/itglue';
import { foldName } from './cache-lookups.js';
import { cachedRow } from './cache-types.js';
import type { CacheSource, CachedRecord, CachedType, SourceListParams } from './cache-types.js';

/** The client resources behind the cached types (RESOURCE_TYPES' `client` column), and the breaker. */
type Client = Pick<ITGlueClient, ResourceNames<'cached', 'client'> | 'circuitOpen'> &
  Partial<Pick<ITGlueClient, 'secretTraits'>>;

export function clientCacheSource(client: Client): CacheSource {
  return {
    list: (type, params) => records(listOf(client, type, params ?? {})),
    get: async (type, id) => {
      const record = (await client[cachedRow(type).client].get(id)) as CachedRecord | null;
      // The cache strips a flexible asset's Password-kind traits: learn which they are first.
      if (record && type === 'flexible-assets') await client.secretTraits?.load(record.flexibleAssetTypeId);
      return record;
    },
    circuitOpen: () => client.circuitOpen(),
    sections: (documentId) => records(client.documents.sections.list(documentId)),
  };
}

async function* listOf(
  client: Client,
  type: CachedType,
  { filter = {} }: SourceListParams,
): AsyncIterable<unknown> {
  const { name, organizationId } = filter;
  const byName = name === undefined ? {} : { filter: { name } };
  const byOrg = organizationId === undefined ? {} : { organizationId };
  switch (type) {
    case 'organizations':
      yield* client.organizations.list(byName);
      return;
    case 'flexible-asset-types':
      yield* client.flexibleAssetTypes.list(byName);
      return;
    case 'configurations':
    case 'locations':
    case 'passwords':
      yield* client[type].list({ ...byOrg, ...byName });
      return;
    case 'contacts':
      // IT Glue filters contacts by first and last name only: list the organization's and match here.
      yield* named(client.contacts.list(byOrg), name);
      return;
    case 'flexible-assets':
      for await (const assetType of client.flexibleAssetTypes.list()) {
        await client.secretTraits?.load(assetType.id);
        yield* client.flexibleAssets.list({ flexibleAssetTypeId: assetType.id, ...byOrg, ...byName });
      }
      return;
    case 'documents':
      // Documents are listed per organization (the nested route is the only list IT Glue has).
      for await (const orgId of organizationIds(client, organizationId)) {
        yield* named(client.documents.list(orgId), name);
      }
      return;
  }
}

async function* organizationIds(client: Client, only: string | undefined): AsyncIterable<string> {
  if (only !== undefined) {
    yield only;
    return;
  }
  for await (const organization of client.organizations.list()) yield organization.id;
}

async function* named(list: AsyncIterable<{ name?: string | null }>, name: string | undefined) {
  const wanted = name === undefined ? undefined : foldName(name);
  for await (const record of list) {
    if (wanted === undefined || foldName(record.name ?? '') === wanted) yield record;
  }
}

// The client's models are interfaces without an index signature; the cache reads them as records.
async function* records(list: AsyncIterable<unknown>): AsyncIterable<CachedRecord> {
  for await (const record of list) yield record as CachedRecord;
}
