/**
 * Companies (and optionally contacts) from a CSV or JSON file — the demo's source and the way in for
 * shops that export from a PSA we have no provider for. Columns are found by name, case and
 * punctuation ignored (`Company Name` = `company_name`), with common export headers as aliases;
 * `columns:` maps any other header. A row without a usable id or name is reported on its own line
 * and skipped; the rest of the file still syncs. The file is read whole on every run (it is cheap,
 * and `onMissingInPsa` needs the full list).
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { psaError } from '../errors.js';
import { foldHeader, readRows, type Row } from './file-rows.js';
import { clean, isoDate } from './paging.js';
import { definePsaProvider, type PsaCompany, type PsaContact, type ProviderEnvironment } from './types.js';

const COMPANY_COLUMNS = {
  id: ['id', 'recid', 'psaid'],
  identifier: ['identifier', 'shortname', 'companynumber', 'accountnumber', 'code'],
  name: ['name', 'companyname', 'accountname', 'clientname'],
  status: ['status'],
  types: ['types', 'type', 'companytype', 'accounttype'],
  active: ['active', 'isactive'],
  phone: ['phone', 'phonenumber'],
  website: ['website', 'webaddress', 'domain'],
  address1: ['address1', 'addressline1', 'address', 'street'],
  address2: ['address2', 'addressline2'],
  city: ['city'],
  state: ['state', 'region', 'province'],
  postalCode: ['postalcode', 'zip', 'zipcode', 'postcode'],
  country: ['country'],
  parentId: ['parentid', 'parentcompanyid'],
  updatedAt: ['updatedat', 'lastupdated', 'modified', 'lastmodified'],
  deleted: ['deleted', 'deletedflag'],
} as const;

const CONTACT_COLUMNS = {
  id: ['id', 'contactid'],
  companyId: ['companyid', 'company', 'clientid', 'accountid'],
  firstName: ['firstname', 'givenname'],
  lastName: ['lastname', 'surname', 'familyname'],
  title: ['title', 'jobtitle'],
  emails: ['emails', 'email', 'emailaddress'],
  phone: ['phone', 'phonenumber'],
  active: ['active', 'isactive'],
  updatedAt: ['updatedat', 'lastupdated', 'modified'],
} as const;

type CompanyField = keyof typeof COMPANY_COLUMNS;
type ContactField = keyof typeof CONTACT_COLUMNS;

const connection = z.strictObject({
  file: z.string().min(1).describe('Companies file (.csv or .json), relative to the config file'),
  contactsFile: z.string().min(1).optional().describe('Contacts file for psa.sync-contacts (.csv or .json)'),
  format: z.enum(['csv', 'json']).optional().describe('File format (default: from the extension)'),
  delimiter: z.string().length(1).optional().describe('CSV delimiter (default ",")'),
  listSeparator: z
    .string()
    .min(1)
    .optional()
    .describe('Separator of several values in one cell: types, e-mails (default ";")'),
  columns: z
    .partialRecord(z.enum(Object.keys(COMPANY_COLUMNS) as [CompanyField, ...CompanyField[]]), z.string())
    .optional()
    .describe('Header for a company field when it is not one of the known names, e.g. { name: "Client" }'),
  contactColumns: z
    .partialRecord(z.enum(Object.keys(CONTACT_COLUMNS) as [ContactField, ...ContactField[]]), z.string())
    .optional()
    .describe('Header for a contact field, e.g. { emails: "Mail" }'),
});
export type FileConnection = z.output<typeof connection>;

export const csv = definePsaProvider({
  name: 'csv',
  description: 'Companies (and contacts) from a CSV or JSON file with a column mapping',
  connection,
  incremental: false,
  create(options: FileConnection, env: ProviderEnvironment) {
    const separator = options.listSeparator ?? ';';
    const file = resolve(env.baseDir, options.file);
    return {
      async *listCompanies() {
        const seen = new Map<string, number>();
        const columns = pick(COMPANY_COLUMNS, options.columns);
        for await (const { row, line } of rowsOf(file, 'connection.file', 'companies', options, env)) {
          const bad = (reason: string, place?: string) => rowError(env, file, line, reason, place);
          const value = (field: CompanyField) => cell(row, columns[field]);
          const id = clean(value('id')) ?? clean(value('identifier'));
          const name = clean(value('name'));
          if (!name) {
            bad(`has no company name (column ${quoteAliases(columns.name)})`, 'name');
            continue;
          }
          if (!id) {
            bad(`"${name}" has neither an id nor an identifier (column ${quoteAliases(columns.id)})`, 'id');
            continue;
          }
          const first = seen.get(id);
          if (first !== undefined) {
            bad(`repeats id "${id}" of line ${first}; only the first is synced`, 'id');
            continue;
          }
          seen.set(id, line);
          yield toCompany(id, name, value, separator);
        }
      },
      async *listContacts() {
        if (!options.contactsFile) return;
        const contactsFile = resolve(env.baseDir, options.contactsFile);
        const columns = pick(CONTACT_COLUMNS, options.contactColumns);
        for await (const { row, line } of rowsOf(
          contactsFile,
          'connection.contactsFile',
          'contacts',
          options,
          env,
        )) {
          const value = (field: ContactField) => cell(row, columns[field]);
          const contact = toContact(value, separator);
          if (typeof contact === 'string') rowError(env, contactsFile, line, contact);
          else yield contact;
        }
      },
    };
  },
});

function rowsOf(
  path: string,
  option: string,
  listKey: string,
  options: FileConnection,
  env: ProviderEnvironment,
) {
  return readRows({
    path,
    option,
    listKey,
    ...(options.format ? { format: options.format } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    onBadRecord: (line, reason) => rowError(env, path, line, `is malformed: ${reason}`),
  });
}

function rowError(
  env: ProviderEnvironment,
  file: string,
  line: number,
  reason: string,
  place?: string,
): void {
  const error = psaError(
    'EPSA_ROW',
    `line ${line} ${reason}`,
    'fix the row in the file; the other rows were synced',
  );
  env.report({
    severity: 'error',
    code: error.code,
    reason: error.message,
    hint: error.hint,
    item: `${file}:${line}`,
    place: place ? `${line}:${place}` : String(line),
  });
}

/** The folded headers to look for per field: a configured header first, then the aliases. */
function pick<F extends string>(
  defaults: Record<F, readonly string[]>,
  configured: Partial<Record<F, string>> | undefined,
): Record<F, string[]> {
  const out = {} as Record<F, string[]>;
  for (const field of Object.keys(defaults) as F[]) {
    const own = configured?.[field];
    out[field] = own ? [foldHeader(own)] : [...defaults[field]];
  }
  return out;
}

function cell(row: Row, headers: readonly string[]): unknown {
  for (const header of headers) if (row[header] !== undefined) return row[header];
  return undefined;
}

function quoteAliases(headers: readonly string[]): string {
  return headers.map((h) => `"${h}"`).join(' or ');
}

function list(value: unknown, separator: string): string[] {
  if (Array.isArray(value)) return value.map(clean).filter((v): v is string => v !== null);
  const text = clean(value);
  return text
    ? text
        .split(separator)
        .map((v) => v.trim())
        .filter(Boolean)
    : [];
}

/** yes/no, true/false, 1/0, y/n, active/inactive; anything else → undefined (use the default). */
function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = clean(value)?.toLowerCase();
  if (!text) return undefined;
  if (['yes', 'y', 'true', '1', 'active'].includes(text)) return true;
  if (['no', 'n', 'false', '0', 'inactive'].includes(text)) return false;
  return undefined;
}

function toCompany(
  id: string,
  name: string,
  value: (field: CompanyField) => unknown,
  separator: string,
): PsaCompany {
  const status = clean(value('status'));
  const deleted = flag(value('deleted')) ?? false;
  const active = !deleted && (flag(value('active')) ?? (status ? status.toLowerCase() !== 'inactive' : true));
  const address = {
    line1: clean(value('address1')),
    line2: clean(value('address2')),
    city: clean(value('city')),
    state: clean(value('state')),
    postalCode: clean(value('postalCode')),
    country: clean(value('country')),
  };
  return {
    id,
    identifier: clean(value('identifier')),
    name,
    status,
    types: list(value('types'), separator),
    active,
    phone: clean(value('phone')),
    website: clean(value('website')),
    address: Object.values(address).some((v) => v !== null) ? address : null,
    parentId: clean(value('parentId')),
    updatedAt: isoDate(value('updatedAt')),
    deleted,
  };
}

function toContact(value: (field: ContactField) => unknown, separator: string): PsaContact | string {
  const companyId = clean(value('companyId'));
  const emails = list(value('emails'), separator);
  if (!companyId) return 'has no company id (column "companyid")';
  if (emails.length === 0) return 'has no e-mail address (column "email"): contacts are matched by e-mail';
  return {
    id: clean(value('id')) ?? `${companyId}:${emails[0]!.toLowerCase()}`,
    companyId,
    firstName: clean(value('firstName')),
    lastName: clean(value('lastName')),
    title: clean(value('title')),
    emails,
    phone: clean(value('phone')),
    active: flag(value('active')) ?? true,
    updatedAt: isoDate(value('updatedAt')),
  };
}
