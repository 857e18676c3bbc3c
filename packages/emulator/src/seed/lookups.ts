import type { EmulatorContext } from '../context.js';
import type { ResourceType } from '../resources/types.js';
import { RESOURCES } from '../resources/registry.js';
import { createRecord } from '../write/apply.js';
import { SYSTEM } from '../write/activity.js';

/** The lookup types every IT Glue account starts with (names as in a fresh account). */
export const LOOKUPS: Partial<Record<ResourceType, readonly string[]>> = {
  organization_types: ['Customer', 'Prospect', 'Vendor', 'Partner', 'Internal'],
  organization_statuses: ['Active', 'Inactive'],
  configuration_types: [
    'Managed Workstation',
    'Managed Server',
    'Network Device',
    'Firewall',
    'Printer',
    'Virtual Machine',
  ],
  configuration_statuses: ['Active', 'Inactive', 'Decommissioned'],
  contact_types: ['Employee', 'Approver', 'Champion', 'Owner', 'Vendor'],
  password_categories: [
    'Active Directory',
    'Email',
    'Network Device',
    'Application',
    'Vendor Portal',
    'Cloud',
  ],
  manufacturers: ['Dell', 'HP', 'Lenovo', 'Cisco', 'Ubiquiti', 'Fortinet', 'Synology', 'Apple'],
  operating_systems: [
    'Windows 11 Pro',
    'Windows 10 Pro',
    'Windows Server 2022',
    'Windows Server 2019',
    'Ubuntu 22.04',
    'macOS 14',
  ],
};

export function seedLookups(ctx: EmulatorContext): void {
  for (const [type, names] of Object.entries(LOOKUPS) as [ResourceType, readonly string[]][]) {
    if (ctx.store.count(type) > 0) continue;
    for (const name of names) createRecord(ctx, RESOURCES[type], { name }, SYSTEM);
  }
}

/** The id of a lookup record by name (seed data, demo). */
export function lookupId(ctx: EmulatorContext, type: ResourceType, name: string): number | null {
  return ctx.store.all(type).find((record) => record.attributes.name === name)?.id ?? null;
}
