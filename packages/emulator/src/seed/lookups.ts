import type { EmulatorContext } from '../context.js';
import type { ResourceType } from '../resources/types.js';
import { RESOURCES } from '../resources/registry.js';
import { createRecord } from '../write/apply.js';
import { SYSTEM } from '../write/activity.js';

/** A lookup record and what it points at: other lookups are named, not numbered (ids vary). */
interface LookupSeed {
  name: string;
  /** Attributes stored as given (`kind` of a configuration type). */
  attributes?: Record<string, unknown>;
  /** attribute → [lookup type, name]: resolved to an id when seeding. */
  refs?: Record<string, [ResourceType, string]>;
  /** Owned by the account's PSA (`psa-integration: "enabled"`): the API cannot change it. */
  synced?: boolean;
}

const on = (platform: string) => ({
  refs: { 'platform-id': ['platforms', platform] as [ResourceType, string] },
});
const by = (maker: string) => ({
  refs: { 'manufacturer-id': ['manufacturers', maker] as [ResourceType, string] },
});

/**
 * The lookup types every IT Glue account starts with (names as in a fresh account), in seeding
 * order: referenced lists come first. The `synced` ones are what an account connected to a PSA
 * also has.
 */
export const LOOKUPS: ReadonlyArray<[ResourceType, readonly (string | LookupSeed)[]]> = [
  [
    'organization_types',
    ['Customer', 'Prospect', 'Vendor', 'Partner', 'Internal', { name: 'Client', synced: true }],
  ],
  ['organization_statuses', ['Active', 'Inactive']],
  [
    'configuration_types',
    [
      { name: 'Managed Workstation', attributes: { kind: 'workstation' } },
      { name: 'Managed Server', attributes: { kind: 'server' } },
      { name: 'Network Device', attributes: { kind: 'network' } },
      { name: 'Firewall', attributes: { kind: 'network' } },
      { name: 'Printer', attributes: { kind: 'printer' } },
      { name: 'Virtual Machine', attributes: { kind: 'server' } },
      { name: 'Managed Desktop', attributes: { kind: 'workstation' }, synced: true },
    ],
  ],
  ['configuration_statuses', ['Active', 'Inactive', 'Decommissioned']],
  [
    'contact_types',
    ['Employee', 'Approver', 'Champion', 'Owner', 'Vendor', { name: 'Decision Maker', synced: true }],
  ],
  [
    'password_categories',
    ['Active Directory', 'Email', 'Network Device', 'Application', 'Vendor Portal', 'Cloud'],
  ],
  ['manufacturers', ['Dell', 'HP', 'Lenovo', 'Cisco', 'Ubiquiti', 'Fortinet', 'Synology', 'Apple']],
  [
    'models',
    [
      { name: 'OptiPlex 7090', ...by('Dell') },
      { name: 'Latitude 5440', ...by('Dell') },
      { name: 'ProLiant DL360', ...by('HP') },
      { name: 'LaserJet Pro M404', ...by('HP') },
      { name: 'ThinkPad T14', ...by('Lenovo') },
      { name: 'Catalyst 9200', ...by('Cisco') },
      { name: 'UniFi Switch 24', ...by('Ubiquiti') },
      { name: 'FortiGate 60F', ...by('Fortinet') },
      { name: 'DS920+', ...by('Synology') },
      { name: 'MacBook Pro 14', ...by('Apple') },
    ],
  ],
  ['platforms', ['Mac OS', 'Windows', 'Linux']],
  [
    'operating_systems',
    [
      { name: 'Windows 11 Pro', ...on('Windows') },
      { name: 'Windows 10 Pro', ...on('Windows') },
      { name: 'Windows Server 2022', ...on('Windows') },
      { name: 'Windows Server 2019', ...on('Windows') },
      { name: 'Ubuntu 22.04', ...on('Linux') },
      { name: 'macOS 14', ...on('Mac OS') },
    ],
  ],
];

/** Seeds each lookup type that is still empty. */
export function seedLookups(ctx: EmulatorContext): void {
  for (const [type, seeds] of LOOKUPS) {
    if (ctx.store.count(type) > 0) continue;
    for (const entry of seeds) {
      const seed = typeof entry === 'string' ? { name: entry } : entry;
      const attributes: Record<string, unknown> = { name: seed.name, ...seed.attributes };
      for (const [key, [refType, refName]] of Object.entries(seed.refs ?? {})) {
        attributes[key] = lookupId(ctx, refType, refName);
      }
      if (seed.synced) attributes['psa-integration'] = 'enabled';
      createRecord(ctx, RESOURCES[type], attributes, SYSTEM);
    }
  }
}

/** The id of a lookup record by name (seed data, demo). */
export function lookupId(ctx: EmulatorContext, type: ResourceType, name: string): number | null {
  return ctx.store.all(type).find((record) => record.attributes.name === name)?.id ?? null;
}
