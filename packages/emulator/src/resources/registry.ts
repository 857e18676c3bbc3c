import type { ResourceDef, ResourceType } from './types.js';
import { planOf } from './plan.js';
import { organizations } from './organizations.js';
import { configurationInterfaces, configurations } from './configurations.js';
import { contacts, locations } from './contacts.js';
import {
  configurationStatuses,
  configurationTypes,
  contactTypes,
  manufacturers,
  models,
  operatingSystems,
  organizationStatuses,
  organizationTypes,
  passwordCategories,
  platforms,
} from './lookups.js';
import { passwords } from './passwords.js';
import { flexibleAssetFields, flexibleAssetTypes, flexibleAssets } from './flexible-assets.js';
import { documentSections, documents } from './documents.js';
import { attachments, logs, relatedItems } from './attachments.js';

/** Every emulated resource, keyed by route segment. Order = dump order. */
export const RESOURCES: Readonly<Record<ResourceType, ResourceDef>> = Object.freeze({
  organization_types: organizationTypes,
  organization_statuses: organizationStatuses,
  configuration_types: configurationTypes,
  configuration_statuses: configurationStatuses,
  contact_types: contactTypes,
  password_categories: passwordCategories,
  manufacturers,
  models,
  platforms,
  operating_systems: operatingSystems,
  organizations,
  locations,
  contacts,
  configurations,
  configuration_interfaces: configurationInterfaces,
  passwords,
  flexible_asset_types: flexibleAssetTypes,
  flexible_asset_fields: flexibleAssetFields,
  flexible_assets: flexibleAssets,
  documents,
  document_sections: documentSections,
  attachments,
  related_items: relatedItems,
  logs,
});

export const RESOURCE_TYPES = Object.keys(RESOURCES) as ResourceType[];

/** Accepts `flexible_assets`, `flexible-assets`; undefined when not emulated. */
export function findResource(name: string): ResourceDef | undefined {
  const key = name.replace(/-/g, '_');
  return Object.prototype.hasOwnProperty.call(RESOURCES, key) ? RESOURCES[key as ResourceType] : undefined;
}

export function ownerKeyOf(
  type: ResourceType,
): ((attributes: Record<string, unknown>) => string | null) | undefined {
  const key = RESOURCES[type].ownerKey;
  if (key === undefined) return undefined;
  if (typeof key === 'function') return key;
  return (attributes) => (attributes[key] == null ? null : String(attributes[key]));
}

export function nameOf(def: ResourceDef, attributes: Record<string, unknown>, id: number): string | null {
  if (def.nameOf) return def.nameOf({ type: def.type, id, attributes });
  return typeof attributes.name === 'string' ? attributes.name : null;
}

/** The stored shape of a type's attributes (see plan.ts for why it matters). */
export function shapeOf(type: ResourceType, attributes: Record<string, unknown>): Record<string, unknown> {
  return planOf(RESOURCES[type]).store(attributes);
}
