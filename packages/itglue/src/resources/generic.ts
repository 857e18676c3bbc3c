/**
 * `client.resource(type)`: every verb on any IT Glue type, untyped — the escape hatch for types the
 * client does not model yet (domains, expirations, users, groups …). IT Glue decides which verbs
 * exist; a missing route answers EITGLUE_NO_ROUTE.
 */
import { kebabCase, snakeCase } from '../case.js';
import { anyModel } from '../models/records.js';
import type { AnyRecord } from '../models/records.js';
import type { CallOptions, Transport } from '../transport.js';
import { ResourceBase, idPath } from './resource-base.js';
import type { Id, ListParams } from './resource-base.js';

export class GenericResource extends ResourceBase<AnyRecord> {
  constructor(transport: Transport, type: string) {
    super(transport, snakeCase(type), anyModel(kebabCase(type)) as never);
  }
  list(params: ListParams = {}): AsyncIterable<AnyRecord> {
    return this.listAt(`/${this.route}`, params);
  }
  get(id: Id, options?: CallOptions): Promise<AnyRecord | null> {
    return this.getAt(idPath(this.route, id), options);
  }
  create(attributes: Record<string, unknown>, options?: CallOptions): Promise<AnyRecord> {
    return this.createAt(`/${this.route}`, attributes, options);
  }
  update(id: Id, attributes: Record<string, unknown>, options?: CallOptions): Promise<AnyRecord> {
    return this.updateAt(idPath(this.route, id), attributes, options);
  }
  bulkUpdate(
    items: ReadonlyArray<{ id: Id } & Record<string, unknown>>,
    options?: CallOptions,
  ): Promise<AnyRecord[]> {
    return this.bulkUpdateAt(`/${this.route}`, items, options);
  }
  bulkDelete(ids: readonly Id[], options?: CallOptions): Promise<number> {
    return this.bulkDeleteAt(`/${this.route}`, ids, options);
  }
  delete(id: Id, options?: CallOptions): Promise<void> {
    return this.deleteAt(idPath(this.route, id), id, options);
  }
}
