/**
 * Deterministic PSA data for the fakes and the bench: MSP client companies with distinct normalised
 * names (word × trade × town, so 5,000+ never collide), identifiers, types, addresses, and contacts.
 */
import type { PsaCompany, PsaContact } from '../provider/types.js';

const WORDS = [
  'Harbor',
  'Summit',
  'Cedar',
  'Riverside',
  'Northgate',
  'Blue Ridge',
  'Oakwood',
  'Granite',
  'Lakeside',
  'Pioneer',
  'Redwood',
  'Silver Creek',
  'Maple',
  'Evergreen',
  'Bayview',
  'Ironwood',
  'Highland',
  'Meadow',
  'Stonebridge',
  'Coastal',
  'Prairie',
  'Willow',
  'Falcon',
  'Keystone',
  'Liberty',
  'Horizon',
  'Sterling',
  'Copper',
  'Juniper',
  'Westfield',
];
const TRADES = [
  'Dental',
  'Family Medicine',
  'Law Group',
  'Accounting',
  'Veterinary',
  'Construction',
  'Realty',
  'Insurance',
  'Logistics',
  'Engineering',
  'Architects',
  'Pediatrics',
  'Orthodontics',
  'Wealth Advisors',
  'Manufacturing',
  'Plumbing',
  'Electric',
  'Foods',
  'Credit Union',
  'Physical Therapy',
];
const TOWNS = [
  'Austin',
  'Denver',
  'Tampa',
  'Boise',
  'Raleigh',
  'Omaha',
  'Tucson',
  'Spokane',
  'Madison',
  'Savannah',
  'Fresno',
  'Akron',
  'Reno',
  'Dayton',
  'Eugene',
  'Albany',
  'Provo',
  'Mobile',
  'Salem',
  'Toledo',
];
const SUFFIXES = ['LLC', 'Inc.', 'PLLC', 'Ltd', 'Co.', 'Group Inc', 'LLP', 'P.C.'];
const TYPES = ['Managed Services Client', 'Break/Fix Client', 'Prospect', 'Vendor'];

export interface World {
  companies: PsaCompany[];
  contacts: PsaContact[];
}

export function makeCompany(index: number, base = Date.parse('2025-01-01T00:00:00Z')): PsaCompany {
  const word = WORDS[index % WORDS.length]!;
  const trade = TRADES[Math.floor(index / WORDS.length) % TRADES.length]!;
  const town = TOWNS[Math.floor(index / (WORDS.length * TRADES.length)) % TOWNS.length]!;
  const round = Math.floor(index / (WORDS.length * TRADES.length * TOWNS.length));
  const name = `${word} ${trade} of ${town}${round ? ` ${round + 1}` : ''} ${SUFFIXES[index % SUFFIXES.length]}`;
  const id = 1000 + index;
  return {
    id: String(id),
    identifier: `${word.replace(/\W/g, '').slice(0, 6).toUpperCase()}${id}`,
    name,
    status: 'Active',
    types: [TYPES[index % 3]!],
    active: true,
    phone: `+1 555 ${String(100 + (index % 900)).padStart(3, '0')} ${String(1000 + (index % 9000))}`,
    website: `https://${word.toLowerCase().replace(/\W/g, '')}${trade.toLowerCase().replace(/\W/g, '')}.example`,
    address: {
      line1: `${100 + index} Main St`,
      line2: null,
      city: town,
      state: 'TX',
      postalCode: String(70000 + index),
      country: 'United States',
    },
    parentId: null,
    updatedAt: new Date(base + index * 60_000).toISOString(),
    deleted: false,
  };
}

export function makeWorld(count: number): World {
  const companies = Array.from({ length: count }, (_, i) => makeCompany(i));
  const contacts = companies.flatMap((company, i) => [
    {
      id: String(50_000 + i * 2),
      companyId: company.id,
      firstName: 'Dana',
      lastName: `Owner${i}`,
      title: 'Office Manager',
      emails: [`dana.owner${i}@${company.website!.replace('https://', '')}`],
      phone: company.phone,
      active: true,
      updatedAt: company.updatedAt,
    },
  ]);
  return { companies, contacts };
}

/** Touches a company as a person in the PSA would: new name or status, `updatedAt` moved on. */
export function touch(company: PsaCompany, change: Partial<PsaCompany>, at: string): void {
  Object.assign(company, change, { updatedAt: at });
}
