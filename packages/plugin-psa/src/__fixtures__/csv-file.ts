/** Writes PSA companies as the CSV a shop would export (the csv provider's default headers). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PsaCompany } from '../provider/types.js';

const HEADER =
  'id,identifier,name,status,types,active,phone,website,address1,city,state,postalCode,country,updatedAt';

export function csvOf(companies: PsaCompany[]): string {
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows = companies.map((c) =>
    [
      c.id,
      c.identifier,
      c.name,
      c.status,
      c.types.join(';'),
      c.active ? 'yes' : 'no',
      c.phone,
      c.website,
      c.address?.line1,
      c.address?.city,
      c.address?.state,
      c.address?.postalCode,
      c.address?.country,
      c.updatedAt,
    ]
      .map(cell)
      .join(','),
  );
  return `${[HEADER, ...rows].join('\n')}\n`;
}

export function writeCsv(dir: string, companies: PsaCompany[], file = 'companies.csv'): string {
  const path = join(dir, file);
  writeFileSync(path, csvOf(companies));
  return path;
}
