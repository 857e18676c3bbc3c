import type { EmulatorContext } from '../context.js';
import { RESOURCES } from '../resources/registry.js';
import { createRecord } from '../write/apply.js';
import { SYSTEM } from '../write/activity.js';

interface FieldSeed {
  name: string;
  kind: string;
  required?: boolean;
  'use-for-title'?: boolean;
  'show-in-list'?: boolean;
  'default-value'?: string;
  'tag-type'?: string;
  hint?: string;
}

/** Two flexible asset types found in most MSP accounts. */
export const FLEXIBLE_TYPES: { name: string; description: string; icon: string; fields: FieldSeed[] }[] = [
  {
    name: 'Wireless',
    description: 'Wireless networks (SSID, security, key)',
    icon: 'wifi',
    fields: [
      { name: 'SSID', kind: 'Text', required: true, 'use-for-title': true, 'show-in-list': true },
      {
        name: 'Security',
        kind: 'Select',
        'default-value': 'WPA2-PSK\nWPA3-SAE\nWPA2-Enterprise\nOpen',
        'show-in-list': true,
      },
      { name: 'Pre-Shared Key', kind: 'Password' },
      { name: 'VLAN', kind: 'Number' },
      { name: 'Notes', kind: 'Textbox', hint: 'Where the access points are' },
    ],
  },
  {
    name: 'Runbook',
    description: 'Step-by-step procedures',
    icon: 'book',
    fields: [
      { name: 'Title', kind: 'Text', required: true, 'use-for-title': true, 'show-in-list': true },
      {
        name: 'Category',
        kind: 'Select',
        'default-value': 'Onboarding\nOffboarding\nBackup\nIncident\nMaintenance',
      },
      { name: 'Steps', kind: 'Textbox' },
      { name: 'Owner', kind: 'Tag', 'tag-type': 'Contacts' },
    ],
  },
];

/** Creates the seed flexible asset types (once) and answers their ids by name. */
export function ensureFlexibleTypes(ctx: EmulatorContext): Map<string, number> {
  const ids = new Map<string, number>();
  for (const seed of FLEXIBLE_TYPES) {
    const existing = ctx.store
      .all('flexible_asset_types')
      .find((record) => record.attributes.name === seed.name);
    if (existing) {
      ids.set(seed.name, existing.id);
      continue;
    }
    const { fields, ...attributes } = seed;
    const type = createRecord(ctx, RESOURCES.flexible_asset_types, attributes, SYSTEM);
    fields.forEach((field, index) =>
      createRecord(
        ctx,
        RESOURCES.flexible_asset_fields,
        { ...field, order: index + 1, 'flexible-asset-type-id': type.id },
        SYSTEM,
      ),
    );
    ids.set(seed.name, type.id);
  }
  return ids;
}
