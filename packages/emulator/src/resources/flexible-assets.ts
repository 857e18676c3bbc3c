import { fieldInvalid } from '../errors.js';
import type { ResourceDef } from './types.js';
import { STANDARD_SORTS, eq, flag, idFilter, idRef, ids, organizationRef, text } from './common.js';
import { FIELD_KINDS, fieldsOfType, nameKeyOf, normalizeTraits, presentTraits, titleOf } from './traits.js';

export const flexibleAssetTypes: ResourceDef = {
  type: 'flexible_asset_types',
  jsonType: 'flexible-asset-types',
  label: 'Flexible Asset Type',
  fields: {
    name: { kind: 'string', required: true },
    description: text,
    icon: text,
    enabled: { kind: 'boolean', default: true },
    'show-in-menu': { kind: 'boolean', default: true },
  },
  filters: { id: idFilter, name: eq, enabled: { kind: 'bool' } },
  sorts: STANDARD_SORTS,
  routes: { index: true, show: true, create: true, update: true },
  unique: 'name',
  createWith: { flexible_asset_fields: 'flexible_asset_fields' },
  includes: {
    flexible_asset_fields: (ctx, record) => fieldsOfType(ctx, record.id),
  },
};

export const flexibleAssetFields: ResourceDef = {
  type: 'flexible_asset_fields',
  jsonType: 'flexible-asset-fields',
  label: 'Flexible Asset Field',
  fields: {
    'flexible-asset-type-id': idRef('flexible_asset_types', undefined, { required: true, createOnly: true }),
    name: { kind: 'string', required: true },
    order: { kind: 'integer' },
    kind: { kind: 'string', required: true, values: FIELD_KINDS },
    required: flag,
    hint: text,
    'default-value': text,
    'tag-type': text,
    'use-for-title': flag,
    'show-in-list': flag,
    expiration: flag,
    // 0 unless set, as every field in the docs' examples shows (Tag and Select fields included).
    decimals: { kind: 'integer', default: 0 },
    'name-key': { kind: 'string', writable: false },
  },
  filters: {},
  sorts: ['id', 'order', 'created_at', 'updated_at'],
  routes: { show: true, create: true, update: true, destroy: true, bulkUpdate: true },
  nested: {
    parent: 'flexible_asset_types',
    key: 'flexible-asset-type-id',
    routes: { index: true, show: true, create: true, update: true },
  },
  ownerKey: 'flexible-asset-type-id',
  prepare({ ctx, mode, next }) {
    if (next.kind === 'Tag' && !next['tag-type'])
      throw fieldInvalid('tag-type', 'tag_type is required for Tag fields');
    if (mode === 'create') {
      next['name-key'] = nameKeyOf(String(next.name));
      const siblings = fieldsOfType(ctx, Number(next['flexible-asset-type-id']));
      if (siblings.some((field) => field.attributes['name-key'] === next['name-key'])) {
        throw fieldInvalid('name', 'name has already been taken');
      }
      next.order ??= siblings.length + 1;
    }
  },
};

export const flexibleAssets: ResourceDef = {
  type: 'flexible_assets',
  jsonType: 'flexible-assets',
  label: 'Flexible Asset',
  fields: {
    'organization-id': { ...organizationRef, createOnly: true },
    'flexible-asset-type-id': idRef('flexible_asset_types', 'flexible-asset-type-name', {
      required: true,
      createOnly: true,
    }),
    name: { kind: 'string', writable: false },
    traits: { kind: 'json', default: {} },
    restricted: flag,
    archived: flag,
    // Shared with the client's MyGlue; MyGlue is not emulated, so never true.
    'my-glue': { kind: 'boolean', writable: false, default: false },
  },
  filters: {
    flexible_asset_type_id: ids,
    name: eq,
    organization_id: ids,
    id: idFilter,
  },
  requiredFilter: 'flexible_asset_type_id',
  sorts: ['name', 'created_at', 'updated_at', 'id'],
  routes: {
    index: true,
    show: true,
    create: true,
    update: true,
    destroy: true,
    bulkUpdate: true,
    bulkDelete: true,
  },
  nested: { parent: 'organizations', key: 'organization-id', routes: { create: true } },
  ownerKey: 'organization-id',
  resourceUrl: true,
  prepare({ ctx, mode, next, changes }) {
    const typeId = Number(next['flexible-asset-type-id']);
    if (mode === 'create' || 'traits' in changes) {
      next.traits = normalizeTraits(ctx, typeId, changes.traits ?? (mode === 'create' ? {} : next.traits));
    }
    next.name = titleOf(ctx, typeId, next.traits as Record<string, unknown>);
  },
  present(ctx, record, attributes) {
    attributes.traits = presentTraits(
      ctx,
      Number(record.attributes['flexible-asset-type-id']),
      record.attributes.traits,
    );
  },
};
