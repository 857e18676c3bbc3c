import type { ResourceDef } from './types.js';
import { READ_ONLY, flag, idFilter, idRef, organizationRef, text } from './common.js';

export const SECTION_KINDS = [
  'Document::Text',
  'Document::Heading',
  'Document::Gallery',
  'Document::Step',
] as const;

export const documents: ResourceDef = {
  type: 'documents',
  jsonType: 'documents',
  label: 'Document',
  fields: {
    'organization-id': { ...organizationRef, createOnly: true },
    name: { kind: 'string', required: true },
    'document-folder-id': { kind: 'id', createOnly: true },
    restricted: flag,
    archived: flag,
    public: flag,
    'is-uploaded': { ...flag, createOnly: true },
    'sop-generator': flag,
    published: { kind: 'boolean', ...READ_ONLY, default: false },
    'published-at': { kind: 'datetime', ...READ_ONLY },
  },
  // Only the nested index reads this one, the single filter IT Glue honours on a nested route.
  filters: { id: idFilter, document_folder_id: { kind: 'id' } },
  sorts: ['name', 'id', 'created_at', 'updated_at'],
  routes: { show: true, create: true, update: true, bulkUpdate: true, bulkDelete: true },
  nested: {
    parent: 'organizations',
    key: 'organization-id',
    routes: { index: true, show: true, create: true, update: true, bulkDelete: true },
  },
  ownerKey: 'organization-id',
  resourceUrl: true,
  includes: {
    sections: (ctx, record) => ctx.store.owned('document_sections', String(record.id)),
  },
};

export const documentSections: ResourceDef = {
  type: 'document_sections',
  jsonType: 'document-sections',
  label: 'Document Section',
  fields: {
    'document-id': idRef('documents', undefined, { required: true, createOnly: true }),
    'resource-type': { kind: 'string', required: true, createOnly: true, values: SECTION_KINDS },
    content: text,
    level: { kind: 'integer' },
    sort: { kind: 'integer', ...READ_ONLY },
  },
  filters: {},
  sorts: ['id', 'sort', 'created_at', 'updated_at'],
  routes: {},
  nested: {
    parent: 'documents',
    key: 'document-id',
    segment: 'sections',
    routes: { index: true, show: true, create: true, update: true, destroy: true },
  },
  ownerKey: 'document-id',
  nameOf: (record) => `Section ${record.id}`,
  prepare({ ctx, mode, next }) {
    if (mode === 'create')
      next.sort = ctx.store.owned('document_sections', String(next['document-id'])).length + 1;
  },
};
