/**
 * Organizations, configurations (+ interfaces), contacts and locations — with exactly the verbs
 * IT Glue has for each (reference/itglue-api.md §5). Lists filter on the top-level route, because
 * IT Glue ignores filters on nested `/organizations/:id/relationships/…` routes.
 */
import {
  ConfigurationInterfaceModel,
  ConfigurationModel,
  ContactModel,
  LocationModel,
  OrganizationModel,
} from '../models/records.js';
import type {
  Configuration,
  ConfigurationInterface,
  Contact,
  Location,
  Organization,
} from '../models/records.js';
import type { CallOptions, Transport } from '../transport.js';
import type {
  ConfigurationCreate,
  ConfigurationInput,
  ConfigurationInterfaceInput,
  ContactCreate,
  ContactInput,
  LocationCreate,
  LocationInput,
  OrganizationCreate,
  OrganizationInput,
} from './inputs.js';
import { ResourceBase, idPath } from './resource-base.js';
import type { Id, ListParams } from './resource-base.js';

/** List parameters of organization-owned records. */
export interface OrgScopedListParams extends ListParams {
  organizationId?: Id;
}

function scoped(params: OrgScopedListParams): ListParams {
  const { organizationId, ...rest } = params;
  if (organizationId === undefined) return rest;
  return { ...rest, filter: { ...rest.filter, organizationId: String(organizationId) } };
}

const nested = (organizationId: Id, route: string) =>
  `/organizations/${encodeURIComponent(String(organizationId))}/relationships/${route}`;

export class Organizations extends ResourceBase<Organization> {
  constructor(transport: Transport) {
    super(transport, 'organizations', OrganizationModel);
  }
  list(params: ListParams = {}): AsyncIterable<Organization> {
    return this.listAt('/organizations', params);
  }
  /** Full quick notes only here (lists cut them to 250 characters). Null when there is no such organization. */
  get(id: Id, options?: CallOptions): Promise<Organization | null> {
    return this.getAt(idPath(this.route, id), options);
  }
  create(attributes: OrganizationCreate, options?: CallOptions): Promise<Organization> {
    return this.createAt('/organizations', attributes, options);
  }
  /** PSA-synced organizations accept only alert, description and quickNotes (422 otherwise). */
  update(id: Id, attributes: OrganizationInput, options?: CallOptions): Promise<Organization> {
    return this.updateAt(idPath(this.route, id), attributes, options);
  }
  bulkUpdate(
    items: ReadonlyArray<{ id: Id } & OrganizationInput>,
    options?: CallOptions,
  ): Promise<Organization[]> {
    return this.bulkUpdateAt('/organizations', items, options);
  }
  /** IT Glue has no single delete for organizations; bulk deletion is asynchronous on its side. */
  bulkDelete(ids: readonly Id[], options?: CallOptions): Promise<number> {
    return this.bulkDeleteAt('/organizations', ids, options);
  }
}

export class Configurations extends ResourceBase<Configuration> {
  readonly interfaces: ConfigurationInterfaces;
  constructor(transport: Transport) {
    super(transport, 'configurations', ConfigurationModel);
    this.interfaces = new ConfigurationInterfaces(transport);
  }
  list(params: OrgScopedListParams = {}): AsyncIterable<Configuration> {
    return this.listAt('/configurations', scoped(params));
  }
  get(id: Id, options?: CallOptions): Promise<Configuration | null> {
    return this.getAt(idPath(this.route, id), options);
  }
  create(attributes: ConfigurationCreate, options?: CallOptions): Promise<Configuration> {
    return this.createAt('/configurations', attributes, options);
  }
  /** Bulk create: IT Glue accepts an array only on the organization-nested route. */
  createMany(
    organizationId: Id,
    items: ReadonlyArray<Omit<ConfigurationCreate, 'organizationId'>>,
    options?: CallOptions,
  ) {
    return this.createManyAt(
      nested(organizationId, 'configurations'),
      items.map((item) => ({ ...item, organizationId })),
      options,
    );
  }
  /** PSA/RMM-synced configurations accept only a few fields; relationships in a PATCH are a 422. */
  update(id: Id, attributes: ConfigurationInput, options?: CallOptions): Promise<Configuration> {
    return this.updateAt(idPath(this.route, id), attributes, options);
  }
  bulkUpdate(
    items: ReadonlyArray<{ id: Id } & ConfigurationInput>,
    options?: CallOptions,
  ): Promise<Configuration[]> {
    return this.bulkUpdateAt('/configurations', items, options);
  }
  bulkDelete(ids: readonly Id[], options?: CallOptions): Promise<number> {
    return this.bulkDeleteAt('/configurations', ids, options);
  }
}

export class ConfigurationInterfaces extends ResourceBase<ConfigurationInterface> {
  constructor(transport: Transport) {
    super(transport, 'configuration_interfaces', ConfigurationInterfaceModel);
  }
  list(configurationId: Id, params: ListParams = {}): AsyncIterable<ConfigurationInterface> {
    return this.listAt(
      `/configurations/${encodeURIComponent(String(configurationId))}/relationships/configuration_interfaces`,
      params,
    );
  }
  get(id: Id, options?: CallOptions): Promise<ConfigurationInterface | null> {
    return this.getAt(idPath(this.route, id), options);
  }
  create(
    configurationId: Id,
    attributes: ConfigurationInterfaceInput,
    options?: CallOptions,
  ): Promise<ConfigurationInterface> {
    return this.createAt(
      `/configurations/${encodeURIComponent(String(configurationId))}/relationships/configuration_interfaces`,
      attributes,
      options,
    );
  }
  update(
    id: Id,
    attributes: ConfigurationInterfaceInput,
    options?: CallOptions,
  ): Promise<ConfigurationInterface> {
    return this.updateAt(idPath(this.route, id), attributes, options);
  }
  bulkUpdate(items: ReadonlyArray<{ id: Id } & ConfigurationInterfaceInput>, options?: CallOptions) {
    return this.bulkUpdateAt('/configuration_interfaces', items, options);
  }
  delete(configurationId: Id, id: Id, options?: CallOptions): Promise<void> {
    return this.deleteAt(
      `/configurations/${encodeURIComponent(String(configurationId))}/relationships/configuration_interfaces/${encodeURIComponent(String(id))}`,
      id,
      options,
    );
  }
}

export class Contacts extends ResourceBase<Contact> {
  constructor(transport: Transport) {
    super(transport, 'contacts', ContactModel);
  }
  list(params: OrgScopedListParams = {}): AsyncIterable<Contact> {
    return this.listAt('/contacts', scoped(params));
  }
  get(id: Id, options?: CallOptions): Promise<Contact | null> {
    return this.getAt(idPath(this.route, id), options);
  }
  create(attributes: ContactCreate, options?: CallOptions): Promise<Contact> {
    return this.createAt('/contacts', attributes, options);
  }
  createMany(
    organizationId: Id,
    items: ReadonlyArray<Omit<ContactCreate, 'organizationId'>>,
    options?: CallOptions,
  ) {
    return this.createManyAt(
      nested(organizationId, 'contacts'),
      items.map((item) => ({ ...item, organizationId })),
      options,
    );
  }
  /** PSA-synced contacts cannot be updated at all (422). */
  update(id: Id, attributes: ContactInput, options?: CallOptions): Promise<Contact> {
    return this.updateAt(idPath(this.route, id), attributes, options);
  }
  bulkUpdate(items: ReadonlyArray<{ id: Id } & ContactInput>, options?: CallOptions): Promise<Contact[]> {
    return this.bulkUpdateAt('/contacts', items, options);
  }
  bulkDelete(ids: readonly Id[], options?: CallOptions): Promise<number> {
    return this.bulkDeleteAt('/contacts', ids, options);
  }
}

export class Locations extends ResourceBase<Location> {
  constructor(transport: Transport) {
    super(transport, 'locations', LocationModel);
  }
  list(params: OrgScopedListParams = {}): AsyncIterable<Location> {
    return this.listAt('/locations', scoped(params));
  }
  get(id: Id, options?: CallOptions): Promise<Location | null> {
    return this.getAt(idPath(this.route, id), options);
  }
  create(attributes: LocationCreate, options?: CallOptions): Promise<Location> {
    return this.createAt('/locations', attributes, options);
  }
  update(id: Id, attributes: LocationInput, options?: CallOptions): Promise<Location> {
    return this.updateAt(idPath(this.route, id), attributes, options);
  }
  bulkUpdate(items: ReadonlyArray<{ id: Id } & LocationInput>, options?: CallOptions): Promise<Location[]> {
    return this.bulkUpdateAt('/locations', items, options);
  }
  bulkDelete(ids: readonly Id[], options?: CallOptions): Promise<number> {
    return this.bulkDeleteAt('/locations', ids, options);
  }
  /**
   * Single delete exists only on the organization-nested route, and IT Glue's example sends the
   * record in the body too (`data: [{type, attributes: {id}}]`), as a bulk delete does.
   */
  async delete(organizationId: Id, id: Id, options: CallOptions = {}): Promise<void> {
    await this.transport.send({
      method: 'DELETE',
      path: `${nested(organizationId, 'locations')}/${encodeURIComponent(String(id))}`,
      body: { data: [{ type: this.jsonType, attributes: { id: String(id) } }] },
      ...options,
    });
    await this.deleted([String(id)]);
  }
}
