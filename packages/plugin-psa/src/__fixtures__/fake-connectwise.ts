/**
 * A fake ConnectWise PSA following reference/integrations.md §A1: Basic `companyId+public:private` plus
 * a `clientId` header (401 / 403 otherwise), `/company/companies` and `/company/contacts` with
 * `pageSize` ≤ 1000 (400 above), `page`, a `Link` header (`rel="next"`, `rel="last"`), and the
 * `conditions` this sync sends (`_info/lastUpdated > [..]`, `deletedFlag = false`, `id in (1,2)`, joined
 * by `and`);
 * any other condition is a 400 like the real API's "InvalidObject".
 */
import type { PsaCompany, PsaContact } from '../provider/types.js';
import { startFakeServer, type FakeAnswer, type FakeRequest, type FakeServer } from './fake-server.js';

export const CW_BASE = '/v4_6_release/apis/3.0';

export interface FakeConnectWise extends FakeServer {
  /** The API base to configure: `<url>/v4_6_release/apis/3.0`. */
  apiUrl: string;
  companies: PsaCompany[];
  contacts: PsaContact[];
  /** Send no Link header (exercises the page-number fallback). */
  linkHeaders: boolean;
}

export interface CwCredentials {
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
}

export async function startFakeConnectWise(
  credentials: CwCredentials,
  data: { companies: PsaCompany[]; contacts?: PsaContact[] },
): Promise<FakeConnectWise> {
  const expected = `Basic ${Buffer.from(
    `${credentials.companyId}+${credentials.publicKey}:${credentials.privateKey}`,
  ).toString('base64')}`;
  const fake = (await startFakeServer((request) => {
    if (request.headers.authorization !== expected) {
      return { status: 401, body: { code: 'Unauthorized', message: 'Invalid credentials' } };
    }
    if (request.headers.clientid !== credentials.clientId) {
      return { status: 403, body: { code: 'Forbidden', message: 'clientId is required' } };
    }
    if (request.method !== 'GET') return { status: 405, body: { message: 'method not allowed' } };
    if (request.path === `${CW_BASE}/company/companies`) {
      return page(request, fake, fake.companies.map(toWire), (c) => ({
        id: c.id,
        lastUpdated: c._info.lastUpdated,
        deletedFlag: c.deletedFlag,
      }));
    }
    if (request.path === `${CW_BASE}/company/contacts`) {
      return page(request, fake, fake.contacts.map(toWireContact), (c) => ({
        id: c.id,
        lastUpdated: c._info.lastUpdated,
        deletedFlag: false,
      }));
    }
    return { status: 404, body: { code: 'NotFound', message: 'route not found' } };
  })) as FakeConnectWise;
  fake.apiUrl = `${fake.url}${CW_BASE}`;
  fake.companies = data.companies;
  fake.contacts = data.contacts ?? [];
  fake.linkHeaders = true;
  return fake;
}

function page<T extends { id: number }>(
  request: FakeRequest,
  fake: FakeConnectWise,
  all: T[],
  facts: (item: T) => Facts,
): FakeAnswer {
  const query = request.url.searchParams;
  const pageSize = Number(query.get('pageSize') ?? 25);
  const pageNumber = Number(query.get('page') ?? 1);
  if (!(pageSize >= 1 && pageSize <= 1000)) {
    return { status: 400, body: { code: 'InvalidObject', message: 'pageSize must be between 1 and 1000' } };
  }
  const predicate = parseConditions(query.get('conditions'));
  if (typeof predicate === 'string')
    return { status: 400, body: { code: 'InvalidObject', message: predicate } };
  const matching = all.filter((item) => predicate(facts(item))).sort((a, b) => a.id - b.id);
  const items = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  const last = Math.max(1, Math.ceil(matching.length / pageSize));
  const link = (n: number) => {
    const next = new URL(request.url);
    next.searchParams.set('page', String(n));
    return next.toString();
  };
  const links = [
    ...(pageNumber < last ? [`<${link(pageNumber + 1)}>; rel="next"`] : []),
    `<${link(last)}>; rel="last"`,
  ];
  return { status: 200, headers: fake.linkHeaders ? { Link: links.join(', ') } : {}, body: items };
}

type Facts = { id: number; lastUpdated: string | null; deletedFlag: boolean };

/** The two clause forms the sync sends; anything else is refused as ConnectWise refuses bad fields. */
function parseConditions(text: string | null): ((facts: Facts) => boolean) | string {
  if (!text) return () => true;
  const clauses = text.split(/\s+and\s+/i).map((clause): ((f: Facts) => boolean) | string => {
    const updated = /^_info\/lastUpdated\s*>\s*\[([^\]]+)\]$/.exec(clause.trim());
    if (updated) {
      const since = Date.parse(updated[1]!);
      if (Number.isNaN(since)) return `invalid date ${updated[1]}`;
      return (f) => f.lastUpdated !== null && Date.parse(f.lastUpdated) > since;
    }
    const ids = /^id\s+in\s+\(([0-9,\s]+)\)$/i.exec(clause.trim());
    if (ids) {
      const wanted = new Set(ids[1]!.split(',').map((id) => Number(id.trim())));
      return (f) => wanted.has(f.id);
    }
    const deleted = /^deletedFlag\s*=\s*(true|false)$/i.exec(clause.trim());
    if (deleted) return (f) => f.deletedFlag === (deleted[1]!.toLowerCase() === 'true');
    return `Cannot parse condition: ${clause}`;
  });
  const bad = clauses.find((c) => typeof c === 'string');
  if (bad) return bad as string;
  return (facts) => clauses.every((c) => (c as (f: Facts) => boolean)(facts));
}

function toWire(company: PsaCompany) {
  return {
    id: Number(company.id),
    identifier: company.identifier,
    name: company.name,
    status: { id: company.active ? 1 : 2, name: company.status ?? (company.active ? 'Active' : 'Inactive') },
    types: company.types.map((name, i) => ({ id: i + 1, name })),
    phoneNumber: company.phone ?? '',
    website: company.website ?? '',
    addressLine1: company.address?.line1 ?? undefined,
    addressLine2: company.address?.line2 ?? undefined,
    city: company.address?.city ?? undefined,
    state: company.address?.state ?? undefined,
    zip: company.address?.postalCode ?? undefined,
    country: company.address?.country ? { id: 1, name: company.address.country } : undefined,
    parentCompany: company.parentId ? { id: Number(company.parentId) } : undefined,
    deletedFlag: company.deleted,
    _info: { lastUpdated: company.updatedAt },
  };
}

function toWireContact(contact: PsaContact) {
  return {
    id: Number(contact.id),
    firstName: contact.firstName,
    lastName: contact.lastName,
    title: contact.title,
    company: { id: Number(contact.companyId) },
    inactiveFlag: !contact.active,
    communicationItems: [
      ...contact.emails.map((value, i) => ({
        type: { name: 'Email' },
        value,
        defaultFlag: i === 0,
        communicationType: 'Email',
      })),
      ...(contact.phone
        ? [{ type: { name: 'Direct' }, value: contact.phone, defaultFlag: true, communicationType: 'Phone' }]
        : []),
    ],
    _info: { lastUpdated: contact.updatedAt },
  };
}

/** The API member the sync tests use, and the environment its `{ env }` references resolve from. */
export const CW_TEST_CREDENTIALS: CwCredentials = {
  companyId: 'msp',
  publicKey: 'pub-1',
  privateKey: 'priv-2',
  clientId: 'client-3',
};
export const CW_TEST_ENV = { CW_PUBLIC: 'pub-1', CW_PRIVATE: 'priv-2', CW_CLIENT: 'client-3' };

/** The plugin's `connection:` to a fake ConnectWise, secrets by environment variable (CW_TEST_ENV). */
export function cwTestConnection(fake: FakeConnectWise, extra: Record<string, unknown> = {}) {
  return {
    url: fake.apiUrl,
    companyId: 'msp',
    publicKey: { env: 'CW_PUBLIC' },
    privateKey: { env: 'CW_PRIVATE' },
    clientId: { env: 'CW_CLIENT' },
    ...extra,
  };
}
