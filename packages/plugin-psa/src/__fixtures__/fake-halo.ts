/**
 * A fake HaloPSA following reference/integrations.md §A3: `POST /auth/token[?tenant=]` with a form body
 * (`grant_type=client_credentials`, client id and secret, scope) issuing Bearer tokens with
 * `expires_in`; `GET /api/Client` and `/api/Users` with `pageinate=true&page_size&page_no` answering
 * `{ record_count, clients | users }`; inactive clients only with `includeinactive=true`; 401 for a
 * missing, unknown or revoked token.
 */
import type { PsaCompany, PsaContact } from '../provider/types.js';
import { startFakeServer, type FakeAnswer, type FakeRequest, type FakeServer } from './fake-server.js';

export interface HaloCredentials {
  clientId: string;
  clientSecret: string;
  tenant?: string;
}

export interface FakeHalo extends FakeServer {
  companies: PsaCompany[];
  contacts: PsaContact[];
  /** `expires_in` of the tokens issued. */
  expiresIn: number;
  tokensIssued: number;
  /** Revoke every token issued so far (the next API call gets 401). */
  revokeTokens(): void;
}

export async function startFakeHalo(
  credentials: HaloCredentials,
  data: { companies: PsaCompany[]; contacts?: PsaContact[] },
): Promise<FakeHalo> {
  const valid = new Set<string>();
  const fake = (await startFakeServer((request) => {
    if (request.path === '/auth/token') return token(request, credentials, fake, valid);
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!bearer || !valid.has(bearer)) return { status: 401, body: { message: 'Unauthorized' } };
    if (request.path === '/api/Client')
      return page(request, 'clients', fake.companies.map(toWire), (c) => !c.inactive);
    if (request.path === '/api/Users')
      return page(request, 'users', fake.contacts.map(toWireUser), (u) => !u.inactive);
    return { status: 404, body: { message: 'not found' } };
  })) as FakeHalo;
  fake.companies = data.companies;
  fake.contacts = data.contacts ?? [];
  fake.expiresIn = 3600;
  fake.tokensIssued = 0;
  fake.revokeTokens = () => valid.clear();
  return fake;
}

function token(
  request: FakeRequest,
  credentials: HaloCredentials,
  fake: FakeHalo,
  valid: Set<string>,
): FakeAnswer {
  if (request.method !== 'POST' || !/x-www-form-urlencoded/.test(request.headers['content-type'] ?? '')) {
    return { status: 400, body: { error: 'invalid_request' } };
  }
  const form = new URLSearchParams(request.body);
  if (credentials.tenant && request.url.searchParams.get('tenant') !== credentials.tenant) {
    return { status: 400, body: { error: 'invalid_tenant' } };
  }
  if (
    form.get('grant_type') !== 'client_credentials' ||
    form.get('client_id') !== credentials.clientId ||
    form.get('client_secret') !== credentials.clientSecret
  ) {
    return { status: 401, body: { error: 'invalid_client' } };
  }
  const value = `halo-token-${++fake.tokensIssued}`;
  valid.add(value);
  return {
    status: 200,
    body: { access_token: value, token_type: 'Bearer', expires_in: fake.expiresIn, scope: form.get('scope') },
  };
}

function page<T>(request: FakeRequest, key: string, all: T[], isActive: (item: T) => boolean): FakeAnswer {
  const q = request.url.searchParams;
  const items = q.get('includeinactive') === 'true' ? all : all.filter(isActive);
  if (q.get('pageinate') !== 'true')
    return { status: 200, body: { record_count: items.length, [key]: items } };
  const size = Number(q.get('page_size') ?? 50);
  const number = Number(q.get('page_no') ?? 1);
  return {
    status: 200,
    body: { record_count: items.length, [key]: items.slice((number - 1) * size, number * size) },
  };
}

function toWire(company: PsaCompany) {
  return {
    id: Number(company.id),
    name: company.name,
    inactive: !company.active,
    toplevel_id: 1,
    toplevel_name: company.types[0] ?? null,
    accountsid: company.identifier,
    phonenumber: company.phone,
    website: company.website,
    colour: '#ffffff',
  };
}

function toWireUser(contact: PsaContact) {
  return {
    id: Number(contact.id),
    client_id: Number(contact.companyId),
    name: [contact.firstName, contact.lastName].filter(Boolean).join(' '),
    firstname: contact.firstName,
    surname: contact.lastName,
    jobtitle: contact.title,
    emailaddress: contact.emails[0] ?? '',
    phonenumber: contact.phone,
    inactive: !contact.active,
  };
}
