/**
 * ConnectWise PSA (Manage) — reference/integrations.md §A1.
 * Auth: `Authorization: Basic base64("companyId+publicKey:privateKey")` and a `clientId` header.
 * `GET /company/companies?pageSize=1000` following the `Link: <…>; rel="next"` header (and, when a
 * server sends none, the next page number while pages come back full). Incremental runs send
 * `conditions=_info/lastUpdated > [since]` (deleted companies then come back with `deletedFlag`);
 * full runs send `deletedFlag=false`. A push reads just its companies with `conditions=id in (…)`
 * (deleted ones come back flagged, an unknown id is simply absent). ConnectWise publishes no rate limit and sits behind
 * Cloudflare: one request at a time, a per-minute cap, and 429/503 Retry-After honoured.
 */
import type { AxiosResponse } from 'axios';
import { secret } from '@glueflow/core';
import { z } from 'zod';
import { psaError } from '../errors.js';
import { httpTuningSchema, secureUrl } from './connection.js';
import { createPsaHttp, type PsaHttp } from './http.js';
import { clean, isoDate, nextLink, secondsIso } from './paging.js';
import { definePsaProvider, type PsaCompany, type PsaContact, type ProviderEnvironment } from './types.js';

const connection = z.strictObject({
  url: secureUrl(
    'API base up to /v4_6_release/apis/3.0, e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0',
  ),
  companyId: z.string().min(1).describe('The ConnectWise company (login) id'),
  publicKey: secret('API member public key'),
  privateKey: secret('API member private key'),
  clientId: secret('clientId registered at developer.connectwise.com'),
  inactiveStatuses: z
    .array(z.string())
    .optional()
    .describe('Company statuses that mean "not a client any more" (default ["Inactive"])'),
  pageSize: z.number().int().min(1).max(1000).optional().describe('Page size, at most 1000 (default 1000)'),
  requestsPerMinute: z.number().int().min(1).optional().describe('Request cap per minute (default 60)'),
  http: httpTuningSchema,
});
export type ConnectWiseConnection = z.output<typeof connection>;

interface CwCompany {
  id: number;
  identifier?: string;
  name?: string;
  status?: { name?: string };
  types?: Array<{ name?: string }>;
  type?: { name?: string };
  phoneNumber?: string;
  website?: string;
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: { name?: string };
  parentCompany?: { id?: number };
  deletedFlag?: boolean;
  _info?: { lastUpdated?: string };
}

interface CwContact {
  id: number;
  firstName?: string;
  lastName?: string;
  title?: string;
  company?: { id?: number };
  inactiveFlag?: boolean;
  communicationItems?: Array<{ value?: string; defaultFlag?: boolean; communicationType?: string }>;
  _info?: { lastUpdated?: string };
}

const COMPANY_FIELDS =
  'id,identifier,name,status,types,phoneNumber,website,addressLine1,addressLine2,city,state,zip,country,parentCompany,deletedFlag,_info';

/** ConnectWise record ids are positive integers (32-bit). */
const CW_ID = /^[1-9][0-9]{0,9}$/;
/** Ids per `id in (…)` condition: keeps the query string short. */
const BY_ID_CHUNK = 100;

export const connectwise = definePsaProvider({
  name: 'connectwise',
  description: 'ConnectWise PSA (Manage) companies and contacts over the REST API',
  connection,
  itglueIntegrationType: 'manage',
  incremental: true,
  create(options: ConnectWiseConnection, env: ProviderEnvironment) {
    const http = createPsaHttp({
      label: 'ConnectWise',
      baseUrl: options.url,
      credentialHints: {
        401: 'check connection.companyId, connection.publicKey and connection.privateKey (the API member keys) and connection.clientId',
        403: 'check connection.clientId and that the API member’s security role may inquire Company Maintenance and Contacts',
      },
      rateLimit: { concurrency: 1, intervalCap: options.requestsPerMinute ?? 60, intervalMs: 60_000 },
      headers: () => ({
        Authorization: `Basic ${Buffer.from(
          `${options.companyId}+${env.secret(options.publicKey)}:${env.secret(options.privateKey)}`,
        ).toString('base64')}`,
        clientId: env.secret(options.clientId),
      }),
      logger: env.logger,
      signal: env.signal,
      ...options.http,
    });
    const inactive = new Set((options.inactiveStatuses ?? ['Inactive']).map((s) => s.toLowerCase()));
    const pageSize = options.pageSize ?? 1000;
    return {
      async *listCompanies(list = {}) {
        const conditions = list.since
          ? `_info/lastUpdated > [${secondsIso(list.since)}]`
          : 'deletedFlag = false';
        for await (const raw of pages<CwCompany>(http, '/company/companies', pageSize, {
          conditions,
          fields: COMPANY_FIELDS,
        })) {
          yield toCompany(raw, inactive);
        }
      },
      async *getCompanies(ids) {
        // Ids go into a condition: only numbers, so nothing a push named can change the query.
        const wanted = [...new Set(ids.filter((id) => CW_ID.test(id)))];
        for (let i = 0; i < wanted.length; i += BY_ID_CHUNK) {
          const conditions = `id in (${wanted.slice(i, i + BY_ID_CHUNK).join(',')})`;
          for await (const raw of pages<CwCompany>(http, '/company/companies', pageSize, {
            conditions,
            fields: COMPANY_FIELDS,
          })) {
            if (wanted.includes(String(raw.id))) yield toCompany(raw, inactive);
          }
        }
      },
      async *listContacts(list = {}) {
        const params: Record<string, string> = list.since
          ? { conditions: `_info/lastUpdated > [${secondsIso(list.since)}]` }
          : {};
        for await (const raw of pages<CwContact>(http, '/company/contacts', pageSize, params)) {
          const contact = toContact(raw);
          if (contact) yield contact;
        }
      },
    };
  },
});

async function* pages<T>(
  http: PsaHttp,
  path: string,
  pageSize: number,
  params: Record<string, string>,
): AsyncGenerator<T> {
  const byNumber = (page: number) => ({
    url: path.replace(/^\//, ''),
    params: { ...params, pageSize, page, orderBy: 'id asc' },
  });
  let request: { url: string; params?: Record<string, string | number> } | undefined = byNumber(1);
  let page = 1;
  let navigable = false;
  const seen = new Set<string>();
  while (request) {
    const response: AxiosResponse<T[]> = await http.request<T[]>(request);
    if (!Array.isArray(response.data)) throw unexpected(path);
    yield* response.data;
    page++;
    const next = nextLink(response.headers.link);
    // A server that sends Link headers says "no rel=next" on the last page; one that never sends them
    // is paged by number while pages come back full.
    navigable ||= typeof response.headers.link === 'string';
    if (next) {
      if (seen.has(next)) throw unexpected(path, 'a next-page link that was already followed');
      seen.add(next);
      request = { url: next };
    } else request = !navigable && response.data.length >= pageSize ? byNumber(page) : undefined;
  }
}

function toCompany(raw: CwCompany, inactive: Set<string>): PsaCompany {
  const status = clean(raw.status?.name);
  const types = (raw.types ?? (raw.type ? [raw.type] : []))
    .map((t) => clean(t.name))
    .filter((t): t is string => t !== null);
  const deleted = raw.deletedFlag === true;
  const hasAddress = [raw.addressLine1, raw.city, raw.zip, raw.country?.name].some((v) => clean(v));
  return {
    id: String(raw.id),
    identifier: clean(raw.identifier),
    name: clean(raw.name) ?? '',
    status,
    types,
    active: !deleted && !(status && inactive.has(status.toLowerCase())),
    phone: clean(raw.phoneNumber),
    website: clean(raw.website),
    address: hasAddress
      ? {
          line1: clean(raw.addressLine1),
          line2: clean(raw.addressLine2),
          city: clean(raw.city),
          state: clean(raw.state),
          postalCode: clean(raw.zip),
          country: clean(raw.country?.name),
        }
      : null,
    parentId: raw.parentCompany?.id === undefined ? null : String(raw.parentCompany.id),
    updatedAt: isoDate(raw._info?.lastUpdated),
    deleted,
  };
}

function toContact(raw: CwContact): PsaContact | null {
  if (raw.company?.id === undefined) return null;
  const items = raw.communicationItems ?? [];
  const byDefault = [...items].sort(
    (a, b) => Number(b.defaultFlag ?? false) - Number(a.defaultFlag ?? false),
  );
  return {
    id: String(raw.id),
    companyId: String(raw.company.id),
    firstName: clean(raw.firstName),
    lastName: clean(raw.lastName),
    title: clean(raw.title),
    emails: byDefault
      .filter((i) => i.communicationType === 'Email')
      .map((i) => clean(i.value))
      .filter((v): v is string => v !== null),
    phone: clean(byDefault.find((i) => i.communicationType === 'Phone')?.value),
    active: raw.inactiveFlag !== true,
    updatedAt: isoDate(raw._info?.lastUpdated),
  };
}

function unexpected(path: string, what = 'something else than a list') {
  return psaError(
    'EPSA_RESPONSE',
    `ConnectWise answered ${what} to GET ${path}`,
    'check that connection.url ends at /v4_6_release/apis/3.0 (the API base, not the web UI)',
  );
}
