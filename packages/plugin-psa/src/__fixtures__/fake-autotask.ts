/**
 * A fake Autotask REST API following reference/integrations.md §A2: the zone lookup
 * (`GET /atservicesrest/v1.0/zoneInformation?user=`), the three auth headers (401 otherwise),
 * `POST /v1.0/{Companies|Contacts}/query` with `MaxRecords` 1–500 (400 otherwise) and a non-empty
 * `filter` (ops `gte`/`gt` on `id`, `lastTrackedModifiedDateTime`, `lastModifiedDate`), answers
 * `{ items, pageDetails: { count, requestCount, prevPageUrl, nextPageUrl } }` with `nextPageUrl` a GET
 * URL, and `/Companies/entityInformation/fields` with the companyType picklist.
 */
import type { PsaCompany, PsaContact } from '../provider/types.js';
import { json, startFakeServer, type FakeAnswer, type FakeRequest, type FakeServer } from './fake-server.js';

export interface AutotaskCredentials {
  username: string;
  secret: string;
  integrationCode: string;
}

export interface FakeAutotask extends FakeServer {
  /** The zone lookup base to configure as `zoneLookupUrl`. */
  lookupUrl: string;
  /** What the zone lookup answers as the zone's API base (default: this fake). */
  zoneAnswer?: string;
  companies: PsaCompany[];
  contacts: PsaContact[];
}

const BASE = '/atservicesrest/v1.0';
const TYPES = [
  { value: '1', label: 'Customer' },
  { value: '3', label: 'Prospect' },
  { value: '7', label: 'Vendor' },
  { value: '10', label: 'Managed Services Client' },
];

type Filter = { op: string; field: string; value: unknown };
type Paging = { entity: string; filter: Filter[]; max: number; offset: number };

export async function startFakeAutotask(
  credentials: AutotaskCredentials,
  data: { companies: PsaCompany[]; contacts?: PsaContact[] },
): Promise<FakeAutotask> {
  const fake = (await startFakeServer((request) => {
    if (request.path === `${BASE}/zoneInformation`) {
      if (request.url.searchParams.get('user') !== credentials.username) {
        return { status: 404, body: { errors: ['Zone information could not be determined'] } };
      }
      return {
        status: 200,
        body: { url: fake.zoneAnswer ?? `${fake.url}/atservicesrest`, webUrl: 'https://ww5.autotask.net' },
      };
    }
    const h = request.headers;
    if (
      h.apiintegrationcode !== credentials.integrationCode ||
      h.username !== credentials.username ||
      h.secret !== credentials.secret
    ) {
      return { status: 401, body: { errors: ['Unauthorized'] } };
    }
    if (request.method === 'GET' && request.path === `${BASE}/Companies/entityInformation/fields`) {
      return {
        status: 200,
        body: { fields: [{ name: 'companyType', isPickList: true, picklistValues: TYPES }, { name: 'id' }] },
      };
    }
    const query = /^\/atservicesrest\/v1\.0\/(Companies|Contacts)\/query(\/next)?$/.exec(request.path);
    if (!query) return { status: 404, body: { errors: ['not found'] } };
    if (query[2]) {
      const paging = JSON.parse(
        Buffer.from(request.url.searchParams.get('paging') ?? '', 'base64url').toString('utf8'),
      ) as Paging;
      return answer(fake, paging);
    }
    if (request.method !== 'POST') return { status: 405, body: { errors: ['method not allowed'] } };
    const body = json(request) as { MaxRecords?: number; filter?: Filter[] };
    const max = body.MaxRecords ?? 500;
    if (!(max >= 1 && max <= 500)) return { status: 400, body: { errors: ['MaxRecords must be 1-500'] } };
    if (!Array.isArray(body.filter) || body.filter.length === 0) {
      return { status: 500, body: { errors: ['A query must have at least one filter'] } };
    }
    return answer(fake, { entity: query[1]!, filter: body.filter, max, offset: 0 });
  })) as FakeAutotask;
  fake.lookupUrl = `${fake.url}/atservicesrest`;
  fake.companies = data.companies;
  fake.contacts = data.contacts ?? [];
  return fake;
}

function answer(fake: FakeAutotask, paging: Paging): FakeAnswer {
  const all = paging.entity === 'Companies' ? fake.companies.map(toWire) : fake.contacts.map(toWireContact);
  const matching = all
    .filter((item) => paging.filter.every((f) => test(f, item)))
    .sort((a, b) => a.id - b.id);
  const items = matching.slice(paging.offset, paging.offset + paging.max);
  const hasMore = paging.offset + paging.max < matching.length;
  const next = { ...paging, offset: paging.offset + paging.max };
  return {
    status: 200,
    body: {
      items,
      pageDetails: {
        count: items.length,
        requestCount: paging.max,
        prevPageUrl: null,
        nextPageUrl: hasMore
          ? `${fake.url}${BASE}/${paging.entity}/query/next?paging=${Buffer.from(JSON.stringify(next)).toString('base64url')}`
          : null,
      },
    },
  };
}

function test(filter: Filter, item: Record<string, unknown>): boolean {
  const field = Object.keys(item).find((k) => k.toLowerCase() === filter.field.toLowerCase());
  if (!field) throw new Error(`Unknown field ${filter.field}`);
  const value = item[field];
  const compare = (a: unknown, b: unknown) =>
    typeof a === 'number' ? a - Number(b) : Date.parse(String(a)) - Date.parse(String(b));
  switch (filter.op) {
    case 'gte':
      return value !== null && compare(value, filter.value) >= 0;
    case 'gt':
      return value !== null && compare(value, filter.value) > 0;
    case 'eq':
      return String(value) === String(filter.value);
    default:
      throw new Error(`Unsupported op ${filter.op}`);
  }
}

function toWire(company: PsaCompany): Record<string, unknown> & { id: number } {
  const type = TYPES.find((t) => t.label === company.types[0]);
  return {
    id: Number(company.id),
    companyName: company.name,
    companyNumber: company.identifier,
    companyType: type ? Number(type.value) : null,
    isActive: company.active,
    parentCompanyID: company.parentId ? Number(company.parentId) : null,
    address1: company.address?.line1 ?? null,
    address2: company.address?.line2 ?? null,
    city: company.address?.city ?? null,
    state: company.address?.state ?? null,
    postalCode: company.address?.postalCode ?? null,
    countryID: 237,
    phone: company.phone,
    webAddress: company.website,
    lastTrackedModifiedDateTime: company.updatedAt,
    lastActivityDate: '2020-01-01T00:00:00Z',
  };
}

function toWireContact(contact: PsaContact): Record<string, unknown> & { id: number } {
  return {
    id: Number(contact.id),
    companyID: Number(contact.companyId),
    firstName: contact.firstName,
    lastName: contact.lastName,
    title: contact.title,
    emailAddress: contact.emails[0] ?? null,
    emailAddress2: contact.emails[1] ?? null,
    emailAddress3: contact.emails[2] ?? null,
    phone: contact.phone,
    isActive: contact.active ? 1 : 0,
    lastModifiedDate: contact.updatedAt,
  };
}

export type { FakeRequest };
