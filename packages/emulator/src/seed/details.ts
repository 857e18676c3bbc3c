import type { EmulatorContext } from '../context.js';
import type { ResourceType } from '../resources/types.js';
import { intBetween, pick, type Random } from '../prng.js';
import { lookupId } from './lookups.js';
import { REGION_IDS, UNITED_STATES_ID } from './names.js';

/** What IT Glue's PSA sync brings over besides the organizations themselves. */
const PSA_SYNCED_TYPES: readonly ResourceType[] = ['contacts', 'locations', 'configurations'];

/** IT Glue's own PSA sync of one organization: its status and the PSA it syncs with. */
export interface PsaLink {
  status: 'enabled' | 'disabled' | 'orphaned';
  kind: string;
}

/**
 * The seed's later additions (PSA statuses, dates, models, addresses, parents), drawn from a stream
 * of their own: every value the first version of the seed drew from the main stream (names,
 * serials, password values) stays the same for the same seed.
 */
export class SeedDetails {
  constructor(
    private readonly ctx: EmulatorContext,
    private readonly random: Random,
  ) {}

  /** Of the PSA-synced organizations most are live; some had the sync switched off or lost their PSA record. */
  organizationPsa(kind: string | null): PsaLink | null {
    if (kind === null) return null;
    const draw = this.random();
    return { kind, status: draw < 0.7 ? 'enabled' : draw < 0.85 ? 'disabled' : 'orphaned' };
  }

  /**
   * Contacts, locations and configurations of a synced organization mostly come from the PSA too
   * (some orphaned, some made by hand in IT Glue); under a disabled or orphaned organization they
   * share its status.
   */
  childPsa(type: ResourceType, org: PsaLink | null): Record<string, unknown> {
    if (!org || !PSA_SYNCED_TYPES.includes(type)) return {};
    let status: PsaLink['status'] | null = org.status;
    if (org.status === 'enabled') {
      const draw = this.random();
      status = draw < 0.75 ? 'enabled' : draw < 0.85 ? 'orphaned' : null;
    }
    if (status === null) return {};
    return {
      'psa-integration': status,
      'psa-integration-type': org.kind,
      'psa-id': String(intBetween(this.random, 1000, 999999)),
      ...(type === 'contacts' ? { 'sync-active': status === 'enabled' } : {}),
    };
  }

  /** About one organization in ten is a child of an earlier top-level one (sites of a group). */
  parentOf(topLevel: readonly number[]): number | null {
    return topLevel.length > 0 && this.random() < 0.1 ? pick(this.random, topLevel) : null;
  }

  location(region: string, n: number): Record<string, unknown> {
    return {
      'address-2': this.random() < 0.5 ? `Suite ${intBetween(this.random, 1, 9)}00` : null,
      'region-id': REGION_IDS[region] ?? null,
      'country-id': UNITED_STATES_ID,
      fax: n === 1 || this.random() < 0.3 ? this.fax() : null,
    };
  }

  configuration(maker: string | null): Record<string, unknown> {
    const purchased = this.pastDate(4 * 365);
    const models = maker ? this.modelsOf(maker) : [];
    return {
      'purchased-at': purchased,
      'installed-at': this.after(purchased, 30),
      'model-id': models.length > 0 ? pick(this.random, models) : null,
    };
  }

  password(): Record<string, unknown> {
    return {
      notes: this.random() < 0.4 ? 'Rotated quarterly; stored in the client vault too.' : null,
      // Seeded passwords were typed in by a person: the emulated web user.
      'updated-by': 1,
      'updated-by-type': 'User',
    };
  }

  private modelsOf(maker: string): number[] {
    const makerId = lookupId(this.ctx, 'manufacturers', maker);
    return this.ctx.store
      .all('models')
      .filter((model) => model.attributes['manufacturer-id'] === makerId)
      .map((model) => model.id);
  }

  private fax(): string {
    return `+1 ${intBetween(this.random, 201, 989)}-555-${String(intBetween(this.random, 200, 299)).padStart(4, '0')}`;
  }

  private pastDate(maxDays: number): string {
    const ms = this.ctx.now() - intBetween(this.random, 30, maxDays) * 24 * 60 * 60 * 1000;
    return new Date(ms).toISOString().slice(0, 10);
  }

  private after(date: string, maxDays: number): string {
    const ms = Date.parse(date) + intBetween(this.random, 1, maxDays) * 24 * 60 * 60 * 1000;
    return new Date(Math.min(ms, this.ctx.now())).toISOString().slice(0, 10);
  }
}
