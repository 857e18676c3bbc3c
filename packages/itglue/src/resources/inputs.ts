/**
 * What the write methods accept: camelCase attributes, sent snake_case. Only the attributes IT Glue
 * documents as writable are typed; read-only ones (names, timestamps) are ignored by IT Glue anyway.
 */
import type { Id } from './resource-base.js';

export interface OrganizationInput {
  name?: string;
  alert?: string | null;
  description?: string | null;
  organizationTypeId?: Id | null;
  organizationStatusId?: Id | null;
  quickNotes?: string | null;
  shortName?: string | null;
  parentId?: Id | null;
}
export type OrganizationCreate = OrganizationInput & { name: string };

export interface ConfigurationInput {
  name?: string;
  hostname?: string | null;
  primaryIp?: string | null;
  macAddress?: string | null;
  defaultGateway?: string | null;
  serialNumber?: string | null;
  assetTag?: string | null;
  position?: string | null;
  installedBy?: string | null;
  purchasedBy?: string | null;
  installedAt?: string | null;
  purchasedAt?: string | null;
  warrantyExpiresAt?: string | null;
  notes?: string | null;
  operatingSystemNotes?: string | null;
  configurationTypeId?: Id;
  configurationStatusId?: Id | null;
  manufacturerId?: Id | null;
  modelId?: Id | null;
  operatingSystemId?: Id | null;
  locationId?: Id | null;
  contactId?: Id | null;
  restricted?: boolean;
  archived?: boolean;
  mitpDeviceExpirationDate?: string | null;
  mitpEndOfLifeDate?: string | null;
}
export type ConfigurationCreate = ConfigurationInput & {
  organizationId: Id;
  name: string;
  configurationTypeId: Id;
};

export interface ConfigurationInterfaceInput {
  name?: string | null;
  ipAddress?: string | null;
  macAddress?: string | null;
  notes?: string | null;
  primary?: boolean;
}

export interface ContactEntryInput {
  value: string;
  primary?: boolean;
  labelName?: string;
  labelType?: 'phone' | 'fax';
  extension?: string;
}

export interface ContactInput {
  firstName?: string;
  lastName?: string | null;
  title?: string | null;
  contactTypeId?: Id | null;
  locationId?: Id | null;
  important?: boolean;
  notes?: string | null;
  restricted?: boolean;
  contactEmails?: ContactEntryInput[];
  contactPhones?: ContactEntryInput[];
}
export type ContactCreate = ContactInput & { organizationId: Id; firstName: string };

export interface LocationInput {
  name?: string;
  primary?: boolean;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  postalCode?: string | null;
  regionId?: Id | null;
  countryId?: Id | null;
  phone?: string | null;
  fax?: string | null;
  notes?: string | null;
  restricted?: boolean;
}
export type LocationCreate = LocationInput & { organizationId: Id; name: string };

export interface PasswordInput {
  name?: string;
  username?: string | null;
  /** The secret itself. Never logged, never cached. */
  password?: string | null;
  url?: string | null;
  notes?: string | null;
  autofillSelectors?: string | null;
  passwordUpdatedAt?: string | null;
  resourceId?: Id | null;
  resourceType?: string | null;
  passwordCategoryId?: Id | null;
  passwordFolderId?: Id | null;
  otpSecret?: string | null;
  generatedPasswordType?: string | null;
  shareable?: boolean;
  restricted?: boolean;
  archived?: boolean;
}
export type PasswordCreate = PasswordInput & { organizationId: Id; name: string };

export interface LookupInput {
  name: string;
}

export interface FlexibleAssetTypeInput {
  name?: string;
  description?: string | null;
  icon?: string | null;
  enabled?: boolean;
  showInMenu?: boolean;
}
export type FlexibleAssetTypeCreate = FlexibleAssetTypeInput & { name: string };

export interface FlexibleAssetFieldInput {
  name?: string;
  kind?: string;
  order?: number;
  required?: boolean;
  hint?: string | null;
  defaultValue?: string | null;
  tagType?: string | null;
  useForTitle?: boolean;
  showInList?: boolean;
  expiration?: boolean;
  decimals?: number | null;
}
export type FlexibleAssetFieldCreate = FlexibleAssetFieldInput & { name: string; kind: string };

export type Traits = Record<string, unknown>;

export interface FlexibleAssetCreate {
  organizationId: Id;
  flexibleAssetTypeId: Id;
  traits: Traits;
  restricted?: boolean;
  archived?: boolean;
}

export interface DocumentInput {
  name?: string;
  restricted?: boolean;
  archived?: boolean;
  public?: boolean;
  sopGenerator?: boolean;
}
export type DocumentCreate = DocumentInput & {
  organizationId: Id;
  name: string;
  documentFolderId?: Id | null;
  isUploaded?: boolean;
};

export interface DocumentSectionInput {
  content?: string | null;
  level?: number | null;
}
export type DocumentSectionCreate = DocumentSectionInput & {
  resourceType: 'Document::Text' | 'Document::Heading' | 'Document::Gallery' | 'Document::Step';
};

export interface RelatedItemCreate {
  destinationId: Id;
  /** A display name: `Configuration`, `Password`, `Flexible Asset`, `SSL Certificate` … */
  destinationType: string;
  notes?: string | null;
}
