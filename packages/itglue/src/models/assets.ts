/**
 * Models of passwords, flexible asset types/fields/assets, documents and sections, attachments,
 * related items and logs. A password's value is never part of `Password`: only
 * `passwords.getWithValue()` returns a `PasswordWithValue`.
 */
import { z } from 'zod';
import { defineModel, flag, int, label, ref, text } from '../json-api.js';

const stamps = { 'created-at': text(), 'updated-at': text() };

const passwordShape = {
  'organization-id': ref(),
  'organization-name': text(),
  name: z.string().nullish(),
  username: text(),
  url: text(),
  notes: text(),
  'autofill-selectors': text(),
  'password-updated-at': text(),
  'updated-by': ref(),
  'updated-by-type': text(),
  'resource-id': ref(),
  'resource-type': text(),
  'cached-resource-name': text(),
  'cached-resource-type-name': text(),
  'password-category-id': ref(),
  'password-category-name': text(),
  'password-folder-id': ref(),
  'otp-enabled': flag(),
  'parent-url': text(),
  'vault-id': ref(),
  restricted: flag(),
  archived: flag(),
  shareable: flag(),
  ...stamps,
};

const passwordMetadata = defineModel('passwords', passwordShape, { strict: ['organization-id'] });
export type Password = Omit<ReturnType<typeof passwordMetadata.parse>, 'password'>;

/** Metadata only: a `password` attribute, if a server ever sent one, is dropped here. */
export const PasswordModel = {
  jsonType: 'passwords',
  strict: passwordMetadata.strict,
  parse(...[resource, context]: Parameters<typeof passwordMetadata.parse>): Password {
    const { password: _dropped, ...metadata } = passwordMetadata.parse(resource, context) as Password & {
      password?: unknown;
    };
    return metadata;
  },
};

export const PasswordWithValueModel = defineModel(
  'passwords',
  { ...passwordShape, password: z.string().nullable() },
  { strict: ['organization-id', 'password'] },
);
export type PasswordWithValue = ReturnType<typeof PasswordWithValueModel.parse>;

export const FlexibleAssetTypeModel = defineModel(
  'flexible-asset-types',
  {
    name: label(),
    description: text(),
    icon: text(),
    enabled: flag(),
    'show-in-menu': flag(),
    ...stamps,
  },
  { strict: ['name'] },
);
export type FlexibleAssetType = ReturnType<typeof FlexibleAssetTypeModel.parse>;

export const FIELD_KINDS = [
  'Checkbox',
  'Date',
  'Header',
  'Number',
  'Select',
  'Text',
  'Textbox',
  'Upload',
  'Tag',
  'Percent',
  'Password',
] as const;

export const FlexibleAssetFieldModel = defineModel(
  'flexible-asset-fields',
  {
    'flexible-asset-type-id': ref(),
    name: label(),
    'name-key': label(),
    kind: label(),
    order: int(),
    required: flag(),
    hint: text(),
    'default-value': text(),
    'tag-type': text(),
    'use-for-title': flag(),
    'show-in-list': flag(),
    expiration: flag(),
    decimals: int(),
    ...stamps,
  },
  { strict: ['name', 'name-key', 'kind'] },
);
export type FlexibleAssetField = ReturnType<typeof FlexibleAssetFieldModel.parse>;

export const FlexibleAssetModel = defineModel(
  'flexible-assets',
  {
    'organization-id': ref(),
    'organization-name': text(),
    'flexible-asset-type-id': ref(),
    'flexible-asset-type-name': text(),
    name: text(),
    /** Keyed by the fields' name-keys, exactly as IT Glue sends them. */
    traits: z.record(z.string(), z.unknown()).nullish(),
    restricted: flag(),
    archived: flag(),
    ...stamps,
  },
  { strict: ['organization-id', 'flexible-asset-type-id', 'traits'] },
);
export type FlexibleAsset = ReturnType<typeof FlexibleAssetModel.parse>;

export const DocumentModel = defineModel('documents', {
  'organization-id': ref(),
  'organization-name': text(),
  name: text(),
  'document-folder-id': ref(),
  restricted: flag(),
  archived: flag(),
  public: flag(),
  'is-uploaded': flag(),
  'sop-generator': flag(),
  published: flag(),
  'published-at': text(),
  ...stamps,
});
export type Document = ReturnType<typeof DocumentModel.parse>;

export const SECTION_KINDS = [
  'Document::Text',
  'Document::Heading',
  'Document::Gallery',
  'Document::Step',
] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

export const DocumentSectionModel = defineModel('document-sections', {
  'document-id': ref(),
  'resource-type': text(),
  content: text(),
  level: int(),
  sort: int(),
  ...stamps,
});
export type DocumentSection = ReturnType<typeof DocumentSectionModel.parse>;

export const AttachmentModel = defineModel('attachments', {
  'resource-type': text(),
  'resource-id': ref(),
  name: text(),
  'attachment-file-name': text(),
  'attachment-content-type': text(),
  'attachment-file-size': int(),
  'download-url': text(),
  ...stamps,
});
export type Attachment = ReturnType<typeof AttachmentModel.parse>;

export const RelatedItemModel = defineModel('related-items', {
  'resource-type': text(),
  'resource-id': ref(),
  'destination-id': ref(),
  'destination-type': text(),
  'destination-name': text(),
  'asset-type': text(),
  notes: text(),
  restricted: flag(),
  archived: flag(),
  ...stamps,
});
export type RelatedItem = ReturnType<typeof RelatedItemModel.parse>;

export const LogModel = defineModel('logs', {
  'created-at': text(),
  /** An integer (`2`), as IT Glue's own example shows. */
  level: int(),
  'account-id': ref(),
  'user-id': ref(),
  'organization-id': ref(),
  action: text(),
  'resource-type': text(),
  'resource-name': text(),
  'ip-address': text(),
  'ip-city': text(),
  'ip-region': text(),
  'ip-country': text(),
  'user-agent': text(),
});
export type Log = ReturnType<typeof LogModel.parse>;
