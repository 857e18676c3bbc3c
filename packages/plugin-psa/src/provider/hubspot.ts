/**
 * HubSpot CRM companies — reference/integrations.md §A4.
 * A private-app token as Bearer. Full runs list `GET /crm/v3/objects/companies?limit=100&properties=…`
 * following `paging.next.after` (without an explicit `properties` list HubSpot returns only its
 * defaults). Incremental runs use `POST /crm/v3/objects/companies/search` on `hs_lastmodifieddate`,
 * sorted ascending; search stops at 10,000 results per query, so the query restarts from the last
 * date seen. Archived companies changed since the bookmark come back flagged `deleted`. A push reads
 * just its companies through `batch/read` (live, then archived).
 * Limits per portal: 100 (Free/Starter) to 190 (Professional/Enterprise) requests per 10 s, and
 * search 4 requests/s — both sliding windows here.
 */
import { secret } from '@glueflow/core';
import { z } from 'zod';
import { httpTuningSchema, secureUrl } from './connection.js';
import { createPsaHttp, type PsaHttp } from './http.js';
import { clean, isoDate } from './paging.js';
import { definePsaProvider, type PsaCompany, type ProviderEnvironment } from './types.js';
import { psaError } from '../errors.js';

const connection = z.strictObject({
  token: secret('Private-app access token (scope crm.objects.companies.read)'),
  url: secureUrl('API base (default https://api.hubapi.com)').optional(),
  requestsPer10Seconds: z
    .number()
    .int()
    .min(1)
    .max(190)
    .optional()
    .describe('Portal limit per 10 s: 100 on Free/Starter, 190 on Professional/Enterprise (default 100)'),
  identifierProperty: z
    .string()
    .optional()
    .describe('A company property holding your account number (becomes the IT Glue short name)'),
  typeProperty: z.string().optional().describe('Property holding the company type (default "type")'),
  http: httpTuningSchema,
});
export type HubSpotConnection = z.output<typeof connection>;

interface HsCompany {
  id: string;
  properties?: Record<string, string | null | undefined>;
  archived?: boolean;
  archivedAt?: string;
  updatedAt?: string;
}

interface HsPage {
  results?: HsCompany[];
  paging?: { next?: { after?: string } };
}

const PAGE = 100;
/** HubSpot search refuses to page past 10,000 results of one query. */
const SEARCH_CAP = 10_000;

export const hubspot = definePsaProvider({
  name: 'hubspot',
  description: 'HubSpot CRM companies (private-app token)',
  connection,
  incremental: true,
  create(options: HubSpotConnection, env: ProviderEnvironment) {
    const common = {
      label: 'HubSpot',
      baseUrl: options.url ?? 'https://api.hubapi.com',
      credentialHints: {
        401: 'check connection.token (the private app’s access token; it changes when the app is rotated)',
        403: 'check the private app’s scopes: crm.objects.companies.read is needed',
      },
      headers: () => ({ Authorization: `Bearer ${env.secret(options.token)}` }),
      logger: env.logger,
      signal: env.signal,
      ...options.http,
    };
    const api = createPsaHttp({
      ...common,
      rateLimit: { concurrency: 1, intervalCap: options.requestsPer10Seconds ?? 100, intervalMs: 10_000 },
    });
    const search = createPsaHttp({
      ...common,
      rateLimit: { concurrency: 1, intervalCap: 4, intervalMs: 1000 },
    });
    const typeProperty = options.typeProperty ?? 'type';
    const properties = [
      'name',
      'domain',
      'website',
      'phone',
      'address',
      'address2',
      'city',
      'state',
      'zip',
      'country',
      'hs_lastmodifieddate',
      typeProperty,
      ...(options.identifierProperty ? [options.identifierProperty] : []),
    ];
    const convert = (raw: HsCompany) => toCompany(raw, typeProperty, options.identifierProperty);
    return {
      async *listCompanies(list = {}) {
        if (!list.since) {
          for await (const raw of listAll(api, properties, false)) yield convert(raw);
          return;
        }
        for await (const raw of searchChanged(search, properties, list.since)) yield convert(raw);
        const since = Date.parse(list.since);
        for await (const raw of listAll(api, properties, true)) {
          if (Date.parse(raw.archivedAt ?? raw.updatedAt ?? '') > since) yield convert(raw);
        }
      },
      async *getCompanies(ids) {
        for (const raw of await readByIds(api, properties, ids)) yield convert(raw);
      },
    };
  },
});

async function* listAll(http: PsaHttp, properties: string[], archived: boolean): AsyncGenerator<HsCompany> {
  let after: string | undefined;
  do {
    const answer = await http.request<HsPage>({
      url: 'crm/v3/objects/companies',
      params: { limit: PAGE, properties: properties.join(','), archived, ...(after ? { after } : {}) },
    });
    yield* results(answer.data);
    after = answer.data.paging?.next?.after;
  } while (after);
}

/**
 * Companies changed after `since`, oldest first. HubSpot pages one search query only up to `cap`
 * results, so past it the query starts again at the newest date seen — with GTE, since companies sharing
 * that date may not all have been seen yet (the repeats are harmless: writes are idempotent).
 */
export async function* searchChanged(
  http: PsaHttp,
  properties: string[],
  since: string,
  cap = SEARCH_CAP,
): AsyncGenerator<HsCompany> {
  let from = String(Date.parse(since));
  let operator: 'GT' | 'GTE' = 'GT';
  for (;;) {
    let after: string | undefined;
    let seen = 0;
    let last: string | undefined;
    do {
      const answer = await http.request<HsPage>({
        method: 'POST',
        url: 'crm/v3/objects/companies/search',
        idempotent: true,
        body: {
          filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator, value: from }] }],
          sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
          properties,
          limit: PAGE,
          ...(after ? { after } : {}),
        },
      });
      const page = results(answer.data);
      seen += page.length;
      for (const raw of page) {
        last = raw.properties?.hs_lastmodifieddate ?? last;
        yield raw;
      }
      after = answer.data.paging?.next?.after;
    } while (after && seen + PAGE <= cap);
    if (!after || !last) return;
    const next = String(Date.parse(last));
    if (next === from) {
      // More than `cap` companies share one modification date: HubSpot cannot page further.
      throw psaError(
        'EPSA_RESPONSE',
        `HubSpot search: more than ${cap} companies changed at ${last}; the rest cannot be paged`,
        'run once with `full: true` (a full listing has no cap)',
      );
    }
    from = next;
    operator = 'GTE';
  }
}

/**
 * `POST /crm/v3/objects/companies/batch/read` (100 ids a request): live companies first, then the
 * archived ones among the ids not found (archived = deleted in HubSpot). HubSpot answers 207 with an
 * `errors` list for ids it does not know; they are simply absent. Only the ids asked for are kept.
 */
async function readByIds(http: PsaHttp, properties: string[], ids: readonly string[]): Promise<HsCompany[]> {
  const wanted = [...new Set(ids.filter((id) => HUBSPOT_ID.test(id)))];
  const found = new Map<string, HsCompany>();
  for (let i = 0; i < wanted.length; i += PAGE) {
    const chunk = wanted.slice(i, i + PAGE);
    for (const archived of [false, true]) {
      const missing = chunk.filter((id) => !found.has(id));
      if (missing.length === 0) break;
      const answer = await http.request<HsPage>({
        method: 'POST',
        url: 'crm/v3/objects/companies/batch/read',
        params: { archived },
        idempotent: true,
        body: { properties, inputs: missing.map((id) => ({ id })) },
      });
      for (const raw of results(answer.data)) {
        if (missing.includes(String(raw.id))) found.set(String(raw.id), raw);
      }
    }
  }
  return [...found.values()];
}

/** HubSpot object ids are positive integers. */
const HUBSPOT_ID = /^[1-9][0-9]{0,19}$/;

function results(page: HsPage): HsCompany[] {
  if (!Array.isArray(page?.results)) {
    throw psaError(
      'EPSA_RESPONSE',
      'HubSpot answered without a results list',
      'check connection.url (default https://api.hubapi.com)',
    );
  }
  return page.results;
}

function toCompany(raw: HsCompany, typeProperty: string, identifierProperty?: string): PsaCompany {
  const p = raw.properties ?? {};
  const type = clean(p[typeProperty]);
  const hasAddress = [p.address, p.city, p.zip, p.country].some((v) => clean(v));
  const website = clean(p.website) ?? clean(p.domain);
  return {
    id: String(raw.id),
    identifier: identifierProperty ? clean(p[identifierProperty]) : null,
    name: clean(p.name) ?? '',
    status: raw.archived ? 'Archived' : null,
    types: type ? [type] : [],
    active: raw.archived !== true,
    phone: clean(p.phone),
    website,
    address: hasAddress
      ? {
          line1: clean(p.address),
          line2: clean(p.address2),
          city: clean(p.city),
          state: clean(p.state),
          postalCode: clean(p.zip),
          country: clean(p.country),
        }
      : null,
    parentId: null,
    updatedAt: isoDate(p.hs_lastmodifieddate ?? raw.updatedAt),
    deleted: raw.archived === true,
  };
}
