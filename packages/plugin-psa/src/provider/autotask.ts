/**
 * Autotask PSA REST — reference/integrations.md §A2.
 * Zone lookup (`GET …/v1.0/zoneInformation?user=`) unless `zoneUrl` is given; every call carries the
 * three headers `ApiIntegrationCode`, `UserName`, `Secret`. Companies come from
 * `POST /v1.0/Companies/query` with `MaxRecords: 500`, then `GET pageDetails.nextPageUrl` until null.
 * Incremental runs filter `lastTrackedModifiedDateTime > since` (Autotask's own advice: not
 * lastActivityDate). The company type picklist is read once from `/Companies/entityInformation/fields`.
 * Limits: 10,000 requests per rolling hour per database, shared by every integration, and 3 threads per
 * endpoint — so at most 3 in flight and, by default, a quarter of the hourly budget (sliding window).
 */
import { secret } from '@glueflow/core';
import { z } from 'zod';
import { httpTuningSchema, secureUrl } from './connection.js';
import { createPsaHttp, type PsaHttp } from './http.js';
import { clean, isoDate } from './paging.js';
import { definePsaProvider, type PsaCompany, type PsaContact, type ProviderEnvironment } from './types.js';
import { psaError } from '../errors.js';

const connection = z.strictObject({
  username: z.string().min(1).describe('The API user (security level "API User (API-only)")'),
  secret: secret('The API user’s secret'),
  integrationCode: secret('The API tracking identifier (ApiIntegrationCode)'),
  zoneUrl: secureUrl(
    'Zone API base, e.g. https://webservices5.autotask.net/atservicesrest (skips the lookup)',
  ).optional(),
  zoneLookupUrl: secureUrl(
    'Where the zone is looked up (default https://webservices.autotask.net/atservicesrest)',
  ).optional(),
  requestsPerHour: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe('Share of the 10,000/hour database limit this sync may use (default 2500)'),
  concurrency: z
    .number()
    .int()
    .min(1)
    .max(3)
    .optional()
    .describe('Requests in flight, at most 3 (default 3)'),
  http: httpTuningSchema,
});
export type AutotaskConnection = z.output<typeof connection>;

const DEFAULT_ZONE_LOOKUP = 'https://webservices.autotask.net/atservicesrest';
const COMPANY_FIELDS = [
  'id',
  'companyName',
  'companyNumber',
  'companyType',
  'isActive',
  'parentCompanyID',
  'address1',
  'address2',
  'city',
  'state',
  'postalCode',
  'phone',
  'webAddress',
  'lastTrackedModifiedDateTime',
];
const CONTACT_FIELDS = [
  'id',
  'companyID',
  'firstName',
  'lastName',
  'title',
  'emailAddress',
  'emailAddress2',
  'emailAddress3',
  'phone',
  'isActive',
  'lastModifiedDate',
];

interface QueryPage<T> {
  items?: T[];
  pageDetails?: { nextPageUrl?: string | null };
}

type AtRecord = Record<string, unknown> & { id: number };

export const autotask = definePsaProvider({
  name: 'autotask',
  description: 'Autotask (Datto/Kaseya) companies and contacts over the REST API',
  connection,
  itglueIntegrationType: 'autotask',
  incremental: true,
  create(options: AutotaskConnection, env: ProviderEnvironment) {
    let api: Promise<PsaHttp> | undefined;
    const connect = () => (api ??= zoneApi(options, env));
    let types: Promise<Map<string, string>> | undefined;
    const companyTypes = (http: PsaHttp) => (types ??= picklist(http, 'Companies', 'companyType'));
    return {
      async *listCompanies(list = {}) {
        const http = await connect();
        const typeNames = await companyTypes(http);
        const filter = list.since
          ? [{ op: 'gt', field: 'lastTrackedModifiedDateTime', value: list.since }]
          : [{ op: 'gte', field: 'id', value: 0 }];
        for await (const raw of query(http, 'Companies', COMPANY_FIELDS, filter)) {
          yield toCompany(raw, typeNames);
        }
      },
      async *listContacts(list = {}) {
        const http = await connect();
        const filter = list.since
          ? [{ op: 'gt', field: 'lastModifiedDate', value: list.since }]
          : [{ op: 'gte', field: 'id', value: 0 }];
        for await (const raw of query(http, 'Contacts', CONTACT_FIELDS, filter)) {
          const contact = toContact(raw);
          if (contact) yield contact;
        }
      },
    };
  },
});

async function zoneApi(options: AutotaskConnection, env: ProviderEnvironment): Promise<PsaHttp> {
  const hints = {
    401: 'check connection.username, connection.secret and connection.integrationCode (an "API User (API-only)" with a tracking identifier)',
    403: 'check the API user’s security level: it needs read access to Companies and Contacts',
  };
  const tuning = { logger: env.logger, signal: env.signal, ...options.http };
  let zone = options.zoneUrl;
  if (!zone) {
    // Zone lookups are not thread-limited and need no credentials.
    const lookup = createPsaHttp({
      label: 'Autotask zone lookup',
      baseUrl: options.zoneLookupUrl ?? DEFAULT_ZONE_LOOKUP,
      credentialHints: hints,
      rateLimit: { concurrency: 1 },
      ...tuning,
    });
    const answer = await lookup
      .request<{ url?: string }>({ url: 'v1.0/zoneInformation', params: { user: options.username } })
      .catch((error: unknown) => {
        // Autotask answers an unknown user with an error, not an empty zone.
        const { code, status = 500 } = error as { code?: string; status?: number };
        if (code === 'EPSA_HTTP' && status < 500) return { data: {} as { url?: string } };
        throw error;
      });
    zone = clean(answer.data?.url) ?? undefined;
    if (!zone) {
      throw psaError(
        'EPSA_AUTH',
        `Autotask knows no zone for the API user "${options.username}"`,
        'check connection.username (the API user’s full user name), or set connection.zoneUrl',
        { where: 'GET /v1.0/zoneInformation' },
      );
    }
  }
  return createPsaHttp({
    label: 'Autotask',
    baseUrl: `${zone.replace(/\/+$/, '')}/v1.0/`,
    credentialHints: hints,
    rateLimit: {
      concurrency: options.concurrency ?? 3,
      intervalCap: options.requestsPerHour ?? 2500,
      intervalMs: 3_600_000,
    },
    headers: () => ({
      ApiIntegrationCode: env.secret(options.integrationCode),
      UserName: options.username,
      Secret: env.secret(options.secret),
    }),
    ...tuning,
  });
}

async function* query(
  http: PsaHttp,
  entity: string,
  fields: string[],
  filter: unknown[],
): AsyncGenerator<AtRecord> {
  let page = await http.request<QueryPage<AtRecord>>({
    method: 'POST',
    url: `${entity}/query`,
    body: { MaxRecords: 500, IncludeFields: fields, filter },
    idempotent: true,
  });
  for (;;) {
    if (!Array.isArray(page.data?.items)) {
      throw psaError(
        'EPSA_RESPONSE',
        `Autotask answered ${entity}/query without an items list`,
        'check connection.zoneUrl points at the zone API base (…/atservicesrest)',
      );
    }
    yield* page.data.items;
    const next = page.data.pageDetails?.nextPageUrl;
    if (!next) return;
    page = await http.request<QueryPage<AtRecord>>({ url: next });
  }
}

/** Picklist value → label for one field, from the entity's field definitions. */
async function picklist(http: PsaHttp, entity: string, field: string): Promise<Map<string, string>> {
  const answer = await http.request<{
    fields?: Array<{ name?: string; picklistValues?: Array<{ value?: unknown; label?: string }> }>;
  }>({ url: `${entity}/entityInformation/fields` });
  const definition = answer.data?.fields?.find((f) => f.name?.toLowerCase() === field.toLowerCase());
  return new Map(
    (definition?.picklistValues ?? [])
      .filter((v) => v.value !== undefined && v.label)
      .map((v) => [String(v.value), String(v.label)]),
  );
}

function toCompany(raw: AtRecord, typeNames: Map<string, string>): PsaCompany {
  const active = raw.isActive === true || raw.isActive === 1;
  const type = raw.companyType === undefined || raw.companyType === null ? null : String(raw.companyType);
  const hasAddress = [raw.address1, raw.city, raw.postalCode].some((v) => clean(v));
  return {
    id: String(raw.id),
    identifier: clean(raw.companyNumber),
    name: clean(raw.companyName) ?? '',
    status: active ? 'Active' : 'Inactive',
    types: type ? [typeNames.get(type) ?? type] : [],
    active,
    phone: clean(raw.phone),
    website: clean(raw.webAddress),
    address: hasAddress
      ? {
          line1: clean(raw.address1),
          line2: clean(raw.address2),
          city: clean(raw.city),
          state: clean(raw.state),
          postalCode: clean(raw.postalCode),
          country: null,
        }
      : null,
    parentId: clean(raw.parentCompanyID),
    updatedAt: isoDate(raw.lastTrackedModifiedDateTime),
    deleted: false,
  };
}

function toContact(raw: AtRecord): PsaContact | null {
  const companyId = clean(raw.companyID);
  if (!companyId) return null;
  return {
    id: String(raw.id),
    companyId,
    firstName: clean(raw.firstName),
    lastName: clean(raw.lastName),
    title: clean(raw.title),
    emails: [raw.emailAddress, raw.emailAddress2, raw.emailAddress3]
      .map(clean)
      .filter((v): v is string => v !== null),
    phone: clean(raw.phone),
    active: raw.isActive === true || raw.isActive === 1,
    updatedAt: isoDate(raw.lastModifiedDate),
  };
}
