/**
 * `{{name}}`-style templates for description and quick notes. Hand-written on purpose: the variable set
 * is fixed and small, and an unknown `{{variable}}` must be a config error at load time — Mustache and
 * Handlebars render unknown names as empty text, silently.
 */
import type { PsaCompany } from '../provider/types.js';

export const TEMPLATE_VARIABLES = [
  'id',
  'identifier',
  'name',
  'status',
  'types',
  'phone',
  'website',
  'address',
  'provider',
  'source',
] as const;
type Variable = (typeof TEMPLATE_VARIABLES)[number];

const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** Variables a template uses that do not exist. */
export function unknownVariables(template: string): string[] {
  const known = new Set<string>(TEMPLATE_VARIABLES);
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !known.has(name));
}

export function renderTemplate(
  template: string,
  company: PsaCompany,
  context: { provider: string; source: string },
): string {
  const values: Record<Variable, string> = {
    id: company.id,
    identifier: company.identifier ?? '',
    name: company.name,
    status: company.status ?? (company.active ? 'Active' : 'Inactive'),
    types: company.types.join(', '),
    phone: company.phone ?? '',
    website: company.website ?? '',
    address: formatAddress(company),
    provider: context.provider,
    source: context.source,
  };
  return template
    .replace(PLACEHOLDER, (_match, name: string) => values[name as Variable] ?? '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

function formatAddress(company: PsaCompany): string {
  const a = company.address;
  if (!a) return '';
  const cityLine = [a.city, [a.state, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [a.line1, a.line2, cityLine, a.country].filter(Boolean).join(', ');
}
