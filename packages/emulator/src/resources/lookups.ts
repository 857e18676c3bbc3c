import type { EmulatorContext } from '../context.js';
import type { ResourceDef, ResourceType } from './types.js';
import { idFilter, idRef, lookupDef } from './common.js';

/** GET only: IT Glue keeps these lists itself. */
const READ_ONLY_ROUTES = { index: true, show: true } as const;

export const organizationTypes = lookupDef('organization_types', 'Organization Type', { psa: true });
export const organizationStatuses = lookupDef('organization_statuses', 'Organization Status', { psa: true });
export const configurationStatuses = lookupDef('configuration_statuses', 'Configuration Status', {
  psa: true,
});
export const contactTypes = lookupDef('contact_types', 'Contact Type', { psa: true });
export const manufacturers = lookupDef('manufacturers', 'Manufacturer', { psa: true });

export const configurationTypes: ResourceDef = {
  ...lookupDef('configuration_types', 'Configuration Type', {
    psa: true,
    // What configurations answer as `configuration-type-kind` ("server" in the docs' example). The
    // docs never show the kind on the type itself, so only the admin API and the seed set it.
    fields: { kind: { kind: 'string', writable: false, visibility: 'admin' } },
  }),
  present(ctx, record, attributes) {
    attributes['configurations-count'] = countOf(ctx, 'configurations', 'configuration-type-id', record.id);
  },
};

export const passwordCategories: ResourceDef = {
  ...lookupDef('password_categories', 'Password Category'),
  present(ctx, record, attributes) {
    attributes['passwords-count'] = countOf(ctx, 'passwords', 'password-category-id', record.id);
  },
};

export const platforms = lookupDef('platforms', 'Platform', { routes: READ_ONLY_ROUTES });

export const operatingSystems = lookupDef('operating_systems', 'Operating System', {
  routes: READ_ONLY_ROUTES,
  fields: { 'platform-id': idRef('platforms', 'platform-name', { writable: false }) },
});

/** Models belong to a manufacturer: `/models` and `/manufacturers/:id/relationships/models`. */
export const models: ResourceDef = {
  ...lookupDef('models', 'Model', {
    psa: true,
    routes: { index: true, show: true, create: true, update: true, bulkUpdate: true },
    fields: { 'manufacturer-id': idRef('manufacturers', undefined, { required: true }) },
  }),
  // The same model name exists at several manufacturers ("Pro 14"), so names are not unique.
  unique: undefined,
  filters: { id: idFilter },
  sorts: ['id', 'name', 'manufacturer_id', 'created_at', 'updated_at'],
  nested: {
    parent: 'manufacturers',
    key: 'manufacturer-id',
    routes: { index: true, show: true, create: true, update: true },
  },
  ownerKey: 'manufacturer-id',
};

/** How many records point at a lookup (`configurations-count`, `passwords-count`). */
function countOf(ctx: EmulatorContext, type: ResourceType, key: string, id: number): number {
  let count = 0;
  for (const record of ctx.store.all(type)) if (record.attributes[key] === id) count++;
  return count;
}
