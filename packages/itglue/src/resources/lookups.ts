/**
 * Lookup types: organization/configuration types and statuses, contact types, password categories,
 * manufacturers (GET, POST, PATCH — IT Glue has no DELETE for them), and the read-only ones.
 */
import { lookupModel } from '../models/records.js';
import type { LookupRecord } from '../models/records.js';
import type { CallOptions, Transport } from '../transport.js';
import type { LookupInput } from './inputs.js';
import { ResourceBase, idPath } from './resource-base.js';
import type { Id, ListParams } from './resource-base.js';

export class ReadOnlyLookup extends ResourceBase<LookupRecord> {
  constructor(transport: Transport, route: string) {
    super(transport, route, lookupModel(route.replace(/_/g, '-')));
  }
  list(params: ListParams = {}): AsyncIterable<LookupRecord> {
    return this.listAt(`/${this.route}`, params);
  }
  get(id: Id, options?: CallOptions): Promise<LookupRecord | null> {
    return this.getAt(idPath(this.route, id), options);
  }
}

export class Lookup extends ReadOnlyLookup {
  create(attributes: LookupInput, options?: CallOptions): Promise<LookupRecord> {
    return this.createAt(`/${this.route}`, attributes, options);
  }
  update(id: Id, attributes: Partial<LookupInput>, options?: CallOptions): Promise<LookupRecord> {
    return this.updateAt(idPath(this.route, id), attributes, options);
  }
}
