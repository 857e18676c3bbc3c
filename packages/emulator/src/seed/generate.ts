import { timestamp, type EmulatorContext } from '../context.js';
import type { SeedRequest, SeedResult } from '../types.js';
import type { ResourceType } from '../resources/types.js';
import { RESOURCES } from '../resources/registry.js';
import { createRecord } from '../write/apply.js';
import { SYSTEM } from '../write/activity.js';
import { createRandom, intBetween, pick, type Random } from '../prng.js';
import { lookupId, seedLookups } from './lookups.js';
import { SeedDetails, type PsaLink } from './details.js';
import { ensureFlexibleTypes } from './flexible-types.js';
import * as words from './names.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Mixed into the seed for the second stream (SeedDetails), so the two never draw alike. */
const DETAIL_STREAM = 0x5eed;

/**
 * Deterministic realistic data: the same seed gives the same names, values and ids on an empty
 * emulator. About a third of the organizations are PSA-synced (a `psa-integration` status, kept
 * with the PSA's kind and id), and so are most contacts, locations and configurations under them.
 */
export function generateSeed(ctx: EmulatorContext, request: SeedRequest, defaultSeed: number): SeedResult {
  const random = createRandom(request.seed ?? defaultSeed);
  const details = new SeedDetails(ctx, createRandom((request.seed ?? defaultSeed) ^ DETAIL_STREAM));
  seedLookups(ctx);
  const flexibleTypes = ensureFlexibleTypes(ctx);
  const result: SeedResult = {
    organizations: 0,
    configurations: 0,
    contacts: 0,
    locations: 0,
    passwords: 0,
    flexibleAssets: 0,
  };
  const taken = new Set(ctx.store.all('organizations').map((record) => String(record.attributes.name)));
  const per = Math.max(0, Math.floor(request.perOrganization));
  const topLevel: number[] = [];
  for (let index = 0; index < request.organizations; index++) {
    const seeder = new OrganizationSeeder(ctx, random, details, uniqueName(random, taken));
    const parent = details.parentOf(topLevel);
    const orgId = seeder.organization(index, parent);
    if (parent === null) topLevel.push(orgId);
    const locationIds = seeder.repeat(Math.max(1, Math.ceil(per / 3)), (n) => seeder.location(n));
    const contactIds = seeder.repeat(per, () => seeder.contact(locationIds));
    seeder.repeat(per, (n) => seeder.configuration(n, locationIds, contactIds));
    seeder.repeat(per, (n) => seeder.password(n));
    seeder.repeat(per, (n) => seeder.flexibleAsset(n, flexibleTypes, contactIds));
    result.organizations++;
    result.locations += locationIds.length;
    result.contacts += contactIds.length;
    result.configurations += per;
    result.passwords += per;
    result.flexibleAssets += per;
  }
  return result;
}

function uniqueName(random: Random, taken: Set<string>): string {
  let name = `${pick(random, words.COMPANY_STEMS)} ${pick(random, words.COMPANY_KINDS)}`;
  for (let n = 2; taken.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
  taken.add(name);
  return name;
}

class OrganizationSeeder {
  private orgId = 0;
  private psa: PsaLink | null = null;
  private readonly short: string;
  private readonly domain: string;

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly random: Random,
    private readonly details: SeedDetails,
    private readonly name: string,
  ) {
    this.short = name
      .split(/\s+/)
      .map((word) => word[0] ?? '')
      .join('')
      .toUpperCase()
      .replace(/[^A-Z]/g, '');
    this.domain = `${name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}.com`;
  }

  repeat(count: number, make: (n: number) => number): number[] {
    return Array.from({ length: count }, (_, n) => make(n + 1));
  }

  organization(index: number, parent: number | null): number {
    const psa = this.random() < 0.3;
    const created = this.created();
    const notes =
      `${this.name} — onboarded ${created.slice(0, 10)}. ` +
      'Escalate P1 issues to the owner by phone. '.repeat(this.random() < 0.3 ? 8 : 1);
    const attributes = {
      name: this.name,
      'short-name': `${this.short}${index + 1}`,
      description: `Managed IT client: ${this.name}`,
      'quick-notes': notes.trim(),
      alert: this.random() < 0.15 ? 'After-hours work needs approval from the owner' : null,
      'organization-type-id': lookupId(
        this.ctx,
        'organization_types',
        this.random() < 0.85 ? 'Customer' : 'Prospect',
      ),
      'organization-status-id': lookupId(
        this.ctx,
        'organization_statuses',
        this.random() < 0.9 ? 'Active' : 'Inactive',
      ),
      'psa-integration-type': psa ? pick(this.random, words.PSA_TYPES) : null,
      'psa-id': psa ? String(intBetween(this.random, 100, 99999)) : null,
      'created-at': created,
      'updated-at': this.updatedAfter(created),
      'parent-id': parent,
    };
    this.psa = this.details.organizationPsa(attributes['psa-integration-type']);
    this.orgId = this.create('organizations', { ...attributes, 'psa-integration': this.psa?.status ?? null });
    return this.orgId;
  }

  location(n: number): number {
    const place = pick(this.random, words.CITIES);
    return this.owned('locations', {
      name: n === 1 ? 'Head Office' : `${place.city} Branch`,
      primary: n === 1,
      'address-1': `${intBetween(this.random, 10, 9999)} ${pick(this.random, words.STREETS)}`,
      city: place.city,
      'postal-code': place.postal,
      'region-name': place.region,
      'country-name': 'United States',
      phone: this.phone(),
      ...this.details.location(place.region, n),
    });
  }

  contact(locationIds: number[]): number {
    const first = pick(this.random, words.FIRST_NAMES);
    const last = pick(this.random, words.LAST_NAMES);
    return this.owned('contacts', {
      'first-name': first,
      'last-name': last,
      title: pick(this.random, words.JOB_TITLES),
      'contact-type-id': lookupId(this.ctx, 'contact_types', this.random() < 0.8 ? 'Employee' : 'Approver'),
      'location-id': pick(this.random, locationIds),
      important: this.random() < 0.2,
      'contact-emails': [
        { value: `${first}.${last}@${this.domain}`.toLowerCase(), primary: true, 'label-name': 'Work' },
      ],
      'contact-phones': [
        { value: this.phone(), extension: null, primary: true, 'label-name': 'Work', 'label-type': 'phone' },
      ],
    });
  }

  configuration(n: number, locationIds: number[], contactIds: number[]): number {
    const device = pick(this.random, words.DEVICE_KINDS);
    const hex = () => intBetween(this.random, 0, 255).toString(16).padStart(2, '0').toUpperCase();
    return this.owned('configurations', {
      name: `${this.short}-${device.tag}-${String(n).padStart(3, '0')}`,
      hostname: `${this.short}-${device.tag}-${String(n).padStart(3, '0')}`.toLowerCase(),
      'primary-ip': `10.${intBetween(this.random, 0, 254)}.${intBetween(this.random, 0, 254)}.${intBetween(this.random, 2, 254)}`,
      'mac-address': Array.from({ length: 6 }, hex).join(':'),
      'serial-number': Array.from({ length: 10 }, () =>
        pick(this.random, [...'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789']),
      ).join(''),
      'asset-tag': `AT-${intBetween(this.random, 10000, 99999)}`,
      'configuration-type-id': lookupId(this.ctx, 'configuration_types', device.type),
      'configuration-status-id': lookupId(
        this.ctx,
        'configuration_statuses',
        this.random() < 0.9 ? 'Active' : 'Inactive',
      ),
      'manufacturer-id': device.maker ? lookupId(this.ctx, 'manufacturers', device.maker) : null,
      'operating-system-id': device.os ? lookupId(this.ctx, 'operating_systems', device.os) : null,
      'location-id': locationIds.length > 0 ? pick(this.random, locationIds) : null,
      'contact-id': contactIds.length > 0 && this.random() < 0.6 ? pick(this.random, contactIds) : null,
      'warranty-expires-at': `${2026 + intBetween(this.random, 0, 3)}-${String(intBetween(this.random, 1, 12)).padStart(2, '0')}-15`,
      archived: this.random() < 0.05,
      ...this.details.configuration(device.maker),
    });
  }

  password(n: number): number {
    const kind = words.PASSWORD_KINDS[(n - 1) % words.PASSWORD_KINDS.length] ?? words.PASSWORD_KINDS[0];
    const updated = this.created();
    return this.owned('passwords', {
      name:
        n > words.PASSWORD_KINDS.length
          ? `${kind.name} ${Math.ceil(n / words.PASSWORD_KINDS.length)}`
          : kind.name,
      username: kind.username?.replace('{domain}', this.domain) ?? null,
      password: this.secret(),
      url: kind.url,
      'password-category-id': lookupId(this.ctx, 'password_categories', kind.category),
      'password-updated-at': updated,
      ...this.details.password(),
    });
  }

  flexibleAsset(n: number, types: Map<string, number>, contactIds: number[]): number {
    const wireless = n % 2 === 1;
    const traits: Record<string, unknown> = wireless
      ? {
          ssid: `${this.short}-${n === 1 ? 'Corp' : `Net${n}`}`,
          security: pick(this.random, ['WPA2-PSK', 'WPA3-SAE', 'WPA2-Enterprise']),
          'pre-shared-key': this.secret(),
          vlan: intBetween(this.random, 10, 200),
        }
      : {
          title: `${pick(this.random, ['New hire', 'Leaver', 'Nightly backup check', 'Server patching'])} (${n})`,
          category: pick(this.random, ['Onboarding', 'Offboarding', 'Backup', 'Maintenance']),
          steps: '1. Open a ticket\n2. Follow the checklist\n3. Record the outcome',
          ...(contactIds.length > 0 ? { owner: [pick(this.random, contactIds)] } : {}),
        };
    return this.owned('flexible_assets', {
      'flexible-asset-type-id': types.get(wireless ? 'Wireless' : 'Runbook'),
      traits,
    });
  }

  private owned(type: ResourceType, attributes: Record<string, unknown>): number {
    const created = this.created();
    return this.create(type, {
      'organization-id': this.orgId,
      'created-at': created,
      'updated-at': this.updatedAfter(created),
      ...attributes,
      ...this.details.childPsa(type, this.psa),
    });
  }

  private create(type: ResourceType, attributes: Record<string, unknown>): number {
    return createRecord(this.ctx, RESOURCES[type], attributes, SYSTEM).id;
  }

  private created(): string {
    return timestamp(this.ctx.now() - intBetween(this.random, 1, 20 * DAY_MS));
  }

  private updatedAfter(created: string): string {
    const start = Date.parse(created);
    return timestamp(start + Math.floor(this.random() * (this.ctx.now() - start)));
  }

  private phone(): string {
    return `+1 ${intBetween(this.random, 201, 989)}-555-${String(intBetween(this.random, 100, 199)).padStart(4, '0')}`;
  }

  private secret(): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+=?';
    return Array.from({ length: 18 }, () => alphabet[Math.floor(this.random() * alphabet.length)]).join('');
  }
}
