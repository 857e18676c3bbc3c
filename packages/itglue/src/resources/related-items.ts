/**
 * Related items: directional links from a record to another (a configuration to its password …).
 * IT Glue has no index route for them; they are read back through `include=related_items` on the
 * source record — which is how duplicates are avoided (itglue/powershellwrapper#132).
 */
import { RelatedItemModel } from '../models/assets.js';
import type { RelatedItem } from '../models/assets.js';
import { parseDocument, singleDocumentSchema } from '../json-api.js';
import type { CallOptions, Transport } from '../transport.js';
import { ownerPath } from './attachments.js';
import type { AttachableType } from './attachments.js';
import type { RelatedItemCreate } from './inputs.js';
import { ResourceBase } from './resource-base.js';
import type { Id } from './resource-base.js';
import { snakeCase } from '../case.js';
import { createError } from '../errors/index.js';

export class RelatedItems extends ResourceBase<RelatedItem> {
  constructor(transport: Transport) {
    super(transport, 'related_items', RelatedItemModel);
  }

  /** Requests name the type `related_items`, as every published example does (answers say `related-items`). */
  override get jsonType(): string {
    return 'related_items';
  }

  /** The related items of a record (read through `include=related_items`). */
  async list(
    resourceType: AttachableType,
    resourceId: Id,
    options: CallOptions = {},
  ): Promise<RelatedItem[]> {
    const path = `/${snakeCase(resourceType)}/${encodeURIComponent(String(resourceId))}`;
    const response = await this.transport.send({
      method: 'GET',
      path,
      query: { include: 'related_items' },
      ...options,
    });
    const context = this.transport.readContext(`GET ${path}`, response);
    const document = parseDocument(singleDocumentSchema, response.data, context);
    return (document.included ?? [])
      .filter((resource) => resource.type === 'related-items' || resource.type === 'related_items')
      .map((resource) => this.model.parse(resource, context));
  }

  async create(
    resourceType: AttachableType,
    resourceId: Id,
    item: RelatedItemCreate,
    options?: CallOptions,
  ): Promise<RelatedItem> {
    if (item.destinationId === undefined || !item.destinationType) {
      throw createError('EITGLUE_INVALID_ARGUMENT', {
        what: 'relatedItems.create()',
        expected: '{ destinationId, destinationType }',
      });
    }
    return this.createAt(
      ownerPath(resourceType, resourceId, 'related_items'),
      { ...item, destinationId: String(item.destinationId) },
      options,
    );
  }

  /** Only the notes of a related item can change. */
  update(
    resourceType: AttachableType,
    resourceId: Id,
    id: Id,
    notes: string | null,
    options?: CallOptions,
  ): Promise<RelatedItem> {
    return this.updateAt(
      `${ownerPath(resourceType, resourceId, 'related_items')}/${encodeURIComponent(String(id))}`,
      { notes },
      options,
    );
  }

  bulkDelete(
    resourceType: AttachableType,
    resourceId: Id,
    ids: readonly Id[],
    options?: CallOptions,
  ): Promise<number> {
    return this.bulkDeleteAt(ownerPath(resourceType, resourceId, 'related_items'), ids, options);
  }
}
