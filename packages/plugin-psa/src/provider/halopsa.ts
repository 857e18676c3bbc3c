/**
 * HaloPSA — reference/integrations.md §A3.
 * Client-credentials token from `POST {authUrl}/token[?tenant=]` (form body, scope `all` by default),
 * kept until a minute before `expires_in` runs out and fetched again then (or once after a 401).
 * Clients: `GET /api/Client?pageinate=true&page_size=100&page_no=N&includeinactive=true`
 * → `{ record_count, clients }` (Halo really spells it "pageinate"). Halo documents no change filter,
 * so every run is a full listing, and no rate limit: one request at a time, 60 a minute by default.
 */
import { secret, isGlueflowError } from '@glueflow/core';
import { z } from 'zod';
import { httpTuningSchema, secureUrl } from './connection.js';
import { createPsaHttp } from './http.js';
import { clean } from './paging.js';
import { definePsaProvider, type PsaCompany, type PsaContact, type ProviderEnvironment } from './types.js';
import { psaError } from '../errors.js';

const connection = z.strictObject({
  url: secureUrl('Halo instance, e.g. https://acme.halopsa.com (the API is under /api)'),
  authUrl: secureUrl('Authorisation server (default: <url>/auth)').optional(),
  tenant: z.string().min(1).optional().describe('Tenant name, for hosted Halo instances'),
  clientId: secret('API application client id'),
  clientSecret: secret('API application client secret'),
  scope: z.string().optional().describe('Token scope (default "all"; "read:customers" is enough)'),
  pageSize: z.number().int().min(1).max(1000).optional().describe('Clients per page (default 100)'),
  requestsPerMinute: z.number().int().min(1).optional().describe('Request cap per minute (default 60)'),
  http: httpTuningSchema,
});
export type HaloConnection = z.output<typeof connection>;

interface HaloClient {
  id: number;
  name?: string;
  inactive?: boolean;
  toplevel_id?: number;
  toplevel_name?: string;
  accountsid?: string;
  phonenumber?: string;
  website?: string;
}

interface HaloUser {
  id: number;
  client_id?: number;
  firstname?: string;
  surname?: string;
  name?: string;
  jobtitle?: string;
  emailaddress?: string;
  phonenumber?: string;
  inactive?: boolean;
}

const HINTS = {
  401: 'check connection.clientId and connection.clientSecret (a Client ID and Secret application in Halo) and connection.tenant',
  403: 'check the API application’s permissions and connection.scope (it needs read:customers)',
};
/** Fetch a new token this long before the current one expires. */
const REFRESH_MARGIN_MS = 60_000;

export const halopsa = definePsaProvider({
  name: 'halopsa',
  description: 'HaloPSA clients and users over the REST API (client-credentials token)',
  connection,
  incremental: false,
  create(options: HaloConnection, env: ProviderEnvironment) {
    const base = options.url.replace(/\/+$/, '');
    const tuning = { logger: env.logger, signal: env.signal, ...options.http };
    const auth = createPsaHttp({
      label: 'HaloPSA auth',
      baseUrl: options.authUrl ?? `${base}/auth`,
      credentialHints: HINTS,
      rateLimit: { concurrency: 1 },
      ...tuning,
    });
    let token: { value: string; expiresAt: number } | undefined;
    let pending: Promise<string> | undefined;
    const fetchToken = async (): Promise<string> => {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: env.secret(options.clientId),
        client_secret: env.secret(options.clientSecret),
        scope: options.scope ?? 'all',
      });
      const answer = await auth.request<{ access_token?: string; expires_in?: number }>({
        method: 'POST',
        url: 'token',
        ...(options.tenant ? { params: { tenant: options.tenant } } : {}),
        body: form,
        idempotent: true,
        anonymous: true,
      });
      const value = clean(answer.data?.access_token);
      if (!value) {
        throw psaError('EPSA_AUTH', 'HaloPSA issued no access token', HINTS[401], {
          where: 'POST /auth/token',
        });
      }
      // An answer echoing the token (an error body, a debug line) must not show it.
      env.maskSecret(value);
      token = { value, expiresAt: Date.now() + (answer.data.expires_in ?? 3600) * 1000 };
      return value;
    };
    const currentToken = async () => {
      if (token && Date.now() < token.expiresAt - REFRESH_MARGIN_MS) return token.value;
      pending ??= fetchToken().finally(() => (pending = undefined));
      return pending;
    };
    const api = createPsaHttp({
      label: 'HaloPSA',
      baseUrl: `${base}/api/`,
      credentialHints: HINTS,
      rateLimit: { concurrency: 1, intervalCap: options.requestsPerMinute ?? 60, intervalMs: 60_000 },
      headers: async () => ({ Authorization: `Bearer ${await currentToken()}` }),
      ...tuning,
    });
    // A token revoked or expired early: fetch a new one once, then give up with the credential hint.
    const get = async <T>(url: string, params: Record<string, string | number | boolean>) => {
      try {
        return await api.request<T>({ url, params });
      } catch (error) {
        if (!isGlueflowError(error, 'EPSA_AUTH') || (error as { status?: number }).status !== 401)
          throw error;
        token = undefined;
        return api.request<T>({ url, params });
      }
    };
    const pageSize = options.pageSize ?? 100;
    return {
      async *listCompanies() {
        for await (const raw of pages<HaloClient>(get, 'Client', 'clients', pageSize)) yield toCompany(raw);
      },
      async *listContacts() {
        for await (const raw of pages<HaloUser>(get, 'Users', 'users', pageSize)) {
          const contact = toContact(raw);
          if (contact) yield contact;
        }
      },
    };
  },
});

type Getter = <R>(url: string, params: Record<string, string | number | boolean>) => Promise<{ data: R }>;

async function* pages<T>(get: Getter, url: string, listKey: string, pageSize: number): AsyncGenerator<T> {
  for (let page = 1; ; page++) {
    const answer = await get<Record<string, unknown>>(url, {
      pageinate: true,
      page_size: pageSize,
      page_no: page,
      includeinactive: true,
    });
    const items = answer.data?.[listKey];
    if (!Array.isArray(items)) {
      throw psaError(
        'EPSA_RESPONSE',
        `HaloPSA answered /api/${url} without a "${listKey}" list`,
        'check connection.url is the Halo instance root (the API lives under /api)',
      );
    }
    yield* items as T[];
    const total = Number(answer.data?.record_count ?? NaN);
    if (items.length < pageSize || (Number.isFinite(total) && page * pageSize >= total)) return;
  }
}

function toCompany(raw: HaloClient): PsaCompany {
  const active = raw.inactive !== true;
  const type = clean(raw.toplevel_name);
  return {
    id: String(raw.id),
    identifier: clean(raw.accountsid),
    name: clean(raw.name) ?? '',
    status: active ? 'Active' : 'Inactive',
    types: type ? [type] : [],
    active,
    phone: clean(raw.phonenumber),
    website: clean(raw.website),
    address: null,
    parentId: null,
    updatedAt: null,
    deleted: false,
  };
}

function toContact(raw: HaloUser): PsaContact | null {
  if (raw.client_id === undefined || raw.client_id === null) return null;
  const email = clean(raw.emailaddress);
  return {
    id: String(raw.id),
    companyId: String(raw.client_id),
    firstName: clean(raw.firstname),
    lastName: clean(raw.surname) ?? (raw.firstname ? null : clean(raw.name)),
    title: clean(raw.jobtitle),
    emails: email ? [email] : [],
    phone: clean(raw.phonenumber),
    active: raw.inactive !== true,
    updatedAt: null,
  };
}
