/**
 * A fake HubSpot CRM following reference/integrations.md §A4: Bearer private-app token (401 otherwise);
 * `GET /crm/v3/objects/companies` with `limit` ≤ 100 (400 above), an `after` cursor, `archived`, and only
 * the default properties unless `properties` lists others; `POST /crm/v3/objects/companies/search` with
 * a `hs_lastmodifieddate` GT filter, ascending sort, `limit` ≤ 100, and no paging past 10,000 results;
 * `POST /crm/v3/objects/companies/batch/read` (≤ 100 inputs, `archived`, 207 for unknown ids); and
 * `signWebhook`, which signs a webhook delivery as HubSpot's signature v3 does.
 */
import { createHmac } from 'node:crypto';
import type { PsaCompany } from '../provider/types.js';
import { json, startFakeServer, type FakeAnswer, type FakeRequest, type FakeServer } from './fake-server.js';

export interface FakeHubSpot extends FakeServer {
  companies: PsaCompany[];
}

const DEFAULT_PROPERTIES = ['name', 'domain', 'createdate', 'hs_lastmodifieddate', 'hs_object_id'];

export async function startFakeHubSpot(
  token: string,
  data: { companies: PsaCompany[] },
  /** HubSpot's is 10,000; tests of the restart use a small one. */
  options: { searchCap?: number } = {},
): Promise<FakeHubSpot> {
  const searchCap = options.searchCap ?? 10_000;
  const fake = (await startFakeServer((request) => {
    if (request.headers.authorization !== `Bearer ${token}`) {
      return {
        status: 401,
        body: { status: 'error', category: 'INVALID_AUTHENTICATION', message: 'bad token' },
      };
    }
    if (request.method === 'GET' && request.path === '/crm/v3/objects/companies') return list(request, fake);
    if (request.method === 'POST' && request.path === '/crm/v3/objects/companies/search')
      return search(request, fake, searchCap);
    if (request.method === 'POST' && request.path === '/crm/v3/objects/companies/batch/read')
      return batchRead(request, fake);
    return { status: 404, body: { status: 'error', message: 'not found' } };
  })) as FakeHubSpot;
  fake.companies = data.companies;
  return fake;
}

function list(request: FakeRequest, fake: FakeHubSpot): FakeAnswer {
  const q = request.url.searchParams;
  const limit = Number(q.get('limit') ?? 10);
  if (limit > 100) return { status: 400, body: { status: 'error', message: 'limit must be at most 100' } };
  const archived = q.get('archived') === 'true';
  const properties = q.get('properties')?.split(',') ?? DEFAULT_PROPERTIES;
  const all = fake.companies.filter((c) => c.deleted === archived);
  const offset = Number(q.get('after') ?? 0);
  return pageOf(all, offset, limit, properties);
}

function search(request: FakeRequest, fake: FakeHubSpot, searchCap: number): FakeAnswer {
  const body = json(request) as {
    filterGroups?: Array<{ filters: Array<{ propertyName: string; operator: string; value: string }> }>;
    sorts?: Array<{ propertyName: string; direction: string }>;
    properties?: string[];
    limit?: number;
    after?: string;
  };
  const limit = body.limit ?? 10;
  if (limit > 100) return { status: 400, body: { status: 'error', message: 'limit must be at most 100' } };
  const offset = Number(body.after ?? 0);
  if (offset + limit > searchCap)
    return { status: 400, body: { status: 'error', message: `paging past ${searchCap} results` } };
  const filter = body.filterGroups?.[0]?.filters?.[0];
  let matches = fake.companies.filter((c) => !c.deleted);
  if (filter) {
    if (filter.propertyName !== 'hs_lastmodifieddate' || !['GT', 'GTE'].includes(filter.operator)) {
      return { status: 400, body: { status: 'error', message: 'unsupported filter' } };
    }
    const bound = Number(filter.value);
    matches = matches.filter((c) => {
      const at = Date.parse(c.updatedAt ?? '');
      return filter.operator === 'GT' ? at > bound : at >= bound;
    });
  }
  if (body.sorts?.[0]?.propertyName === 'hs_lastmodifieddate') {
    matches.sort((a, b) => Date.parse(a.updatedAt ?? '') - Date.parse(b.updatedAt ?? ''));
  }
  const answer = pageOf(matches, offset, limit, body.properties ?? DEFAULT_PROPERTIES);
  return { ...answer, body: { total: matches.length, ...(answer.body as object) } };
}

/** 100 inputs at most; `archived=true` reads only archived ones; unknown ids → 207 with `errors`. */
function batchRead(request: FakeRequest, fake: FakeHubSpot): FakeAnswer {
  const body = json(request) as { inputs?: Array<{ id?: string }>; properties?: string[] };
  const inputs = body.inputs ?? [];
  if (inputs.length > 100) return { status: 400, body: { status: 'error', message: 'at most 100 inputs' } };
  const archived = request.url.searchParams.get('archived') === 'true';
  const found = inputs
    .map((input) => fake.companies.find((c) => c.id === input.id && c.deleted === archived))
    .filter((c): c is PsaCompany => c !== undefined);
  const missing = inputs.filter((input) => !found.some((c) => c.id === input.id));
  const results = found.map((c) => toWire(c, body.properties ?? DEFAULT_PROPERTIES));
  if (missing.length === 0) return { status: 200, body: { status: 'COMPLETE', results } };
  return {
    status: 207,
    body: {
      status: 'COMPLETE',
      results,
      numErrors: 1,
      errors: [
        {
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          message: 'Could not get some COMPANY objects, they may be deleted or not exist.',
          context: { ids: missing.map((m) => String(m.id)) },
        },
      ],
    },
  };
}

function pageOf(all: PsaCompany[], offset: number, limit: number, properties: string[]): FakeAnswer {
  const items = all.slice(offset, offset + limit);
  const next =
    offset + limit < all.length
      ? { next: { after: String(offset + limit), link: 'https://api.hubapi.com/…' } }
      : undefined;
  return {
    status: 200,
    body: { results: items.map((c) => toWire(c, properties)), ...(next ? { paging: next } : {}) },
  };
}

function toWire(company: PsaCompany, properties: string[]) {
  const all: Record<string, string | null> = {
    name: company.name,
    domain: company.website?.replace(/^https?:\/\//, '') ?? null,
    website: company.website,
    phone: company.phone,
    address: company.address?.line1 ?? null,
    address2: company.address?.line2 ?? null,
    city: company.address?.city ?? null,
    state: company.address?.state ?? null,
    zip: company.address?.postalCode ?? null,
    country: company.address?.country ?? null,
    type: company.types[0]?.toUpperCase().replace(/\W+/g, '_') ?? null,
    account_number: company.identifier,
    createdate: '2024-01-01T00:00:00.000Z',
    hs_lastmodifieddate: company.updatedAt,
    hs_object_id: company.id,
  };
  return {
    id: company.id,
    properties: Object.fromEntries(properties.filter((p) => p in all).map((p) => [p, all[p] ?? null])),
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: company.updatedAt,
    archived: company.deleted,
    ...(company.deleted ? { archivedAt: company.updatedAt } : {}),
  };
}

/**
 * Headers of a webhook delivery signed like HubSpot's v3 (reference §A6): base64 HMAC-SHA256 with the app
 * secret over method + the public https URI + body + timestamp. Written apart from the receiver on purpose.
 */
export function signWebhook(
  appSecret: string,
  delivery: { uri: string; body: string; method?: string; timestamp?: number },
): Record<string, string> {
  const timestamp = String(delivery.timestamp ?? Date.now());
  const signature = createHmac('sha256', appSecret)
    .update(`${delivery.method ?? 'POST'}${delivery.uri}${delivery.body}${timestamp}`, 'utf8')
    .digest('base64');
  return {
    'content-type': 'application/json',
    'x-hubspot-signature-v3': signature,
    'x-hubspot-request-timestamp': timestamp,
  };
}
