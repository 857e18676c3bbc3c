/**
 * Passwords. Metadata reads never carry the value: lists cannot (IT Glue ignores show_password on
 * lists), and `get` asks for show_password=false explicitly because IT Glue's show defaults to true.
 * Reading a value is its own call, `getWithValue`, so it is visible in code review and in logs.
 */
import { PasswordModel, PasswordWithValueModel } from '../models/assets.js';
import type { Password, PasswordWithValue } from '../models/assets.js';
import { parseDocument, singleDocumentSchema } from '../json-api.js';
import { isGlueflowError } from '../errors/index.js';
import type { CallOptions, Transport } from '../transport.js';
import type { PasswordCreate, PasswordInput } from './inputs.js';
import type { OrgScopedListParams } from './records.js';
import { ResourceBase, idPath } from './resource-base.js';
import type { Id } from './resource-base.js';

export class Passwords extends ResourceBase<Password> {
  constructor(transport: Transport) {
    super(transport, 'passwords', PasswordModel);
  }
  list(params: OrgScopedListParams = {}): AsyncIterable<Password> {
    const { organizationId, ...rest } = params;
    return this.listAt(
      '/passwords',
      organizationId === undefined
        ? rest
        : { ...rest, filter: { ...rest.filter, organizationId: String(organizationId) } },
    );
  }
  /** Metadata only (show_password=false). */
  get(id: Id, options?: CallOptions): Promise<Password | null> {
    return this.getAt(idPath(this.route, id), options, { show_password: false });
  }
  /** The record with its value; needs the key's "Password Access". Null when there is no such password. */
  async getWithValue(id: Id, options: CallOptions = {}): Promise<PasswordWithValue | null> {
    const path = idPath(this.route, id);
    try {
      const response = await this.transport.send({
        method: 'GET',
        path,
        query: { show_password: true },
        passwordValue: true,
        ...options,
      });
      const context = this.transport.readContext(`GET ${path}`, response);
      const document = parseDocument(singleDocumentSchema, response.data, context);
      return PasswordWithValueModel.parse(document.data, context);
    } catch (error) {
      if (isGlueflowError(error, 'EITGLUE_NOT_FOUND')) return null;
      throw error;
    }
  }
  /** The answer is metadata only (show_password defaults to false on writes). */
  create(attributes: PasswordCreate, options?: CallOptions): Promise<Password> {
    return this.createAt('/passwords', attributes, options);
  }
  update(id: Id, attributes: PasswordInput, options?: CallOptions): Promise<Password> {
    return this.updateAt(idPath(this.route, id), attributes, options);
  }
  bulkUpdate(items: ReadonlyArray<{ id: Id } & PasswordInput>, options?: CallOptions): Promise<Password[]> {
    return this.bulkUpdateAt('/passwords', items, options);
  }
  bulkDelete(ids: readonly Id[], options?: CallOptions): Promise<number> {
    return this.bulkDeleteAt('/passwords', ids, options);
  }
  delete(id: Id, options?: CallOptions): Promise<void> {
    return this.deleteAt(idPath(this.route, id), id, options);
  }
}
