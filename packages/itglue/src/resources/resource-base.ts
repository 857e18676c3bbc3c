/**
 * The verbs every resource class is built from. The classes expose only the verbs IT Glue has for
 * their type (no `delete(id)` on organizations: IT Glue has no such route), each a one-liner here.
 */
import { createError, isGlueflowError } from '../errors/index.js';
import { toSnake } from '../case.js';
import { encodeResource, oneOrManyDocumentSchema, parseDocument, singleDocumentSchema } from '../json-api.js';
import type { ModelDefinition, ResourceObject } from '../json-api.js';
import { paginate } from '../paginate.js';
import type { PageOptions } from '../paginate.js';
import { buildListQuery } from '../query.js';
import type { ListQuery } from '../query.js';
import { MAX_REQUEST_BYTES } from '../transport.js';
import type { CallOptions, QueryParams, RawResponse, Transport } from '../transport.js';
import type { WrittenRecord } from '../record-writes.js';

export type Id = string | number;

/** `list()` parameters: filters, sort, include, page size, limit, priority, signal. */
export interface ListParams extends ListQuery, PageOptions {}

/** Bulk requests are cut to stay this far below IT Glue's 10 MB limit (the envelope needs room). */
const BULK_CHUNK_BYTES = MAX_REQUEST_BYTES - 256 * 1024;
/** IT Glue documents no item cap; 500 keeps one bulk request well inside its timeouts. */
const BULK_CHUNK_ITEMS = 500;

export abstract class ResourceBase<M> {
  constructor(
    protected readonly transport: Transport,
    /** URL segment, snake plural: `organizations`, `flexible_assets`. */
    readonly route: string,
    protected readonly model: ModelDefinition<M>,
  ) {}

  /** JSON:API type used in request bodies (kebab, as IT Glue answers). */
  get jsonType(): string {
    return this.model.jsonType;
  }

  protected listAt(
    path: string,
    params: ListParams = {},
    keyStyle: 'snake' | 'kebab' = 'snake',
  ): AsyncIterable<M> {
    const { filter, sort, include, query, ...page } = params;
    const listQuery: ListQuery = {};
    if (filter) listQuery.filter = filter;
    if (sort) listQuery.sort = sort;
    if (include) listQuery.include = include;
    if (query) listQuery.query = query;
    return paginate(this.transport, {
      ...page,
      path,
      model: this.model,
      query: buildListQuery(listQuery, keyStyle),
    });
  }

  /** The record, or null when IT Glue answers 404 for it. */
  protected async getAt(path: string, options: CallOptions = {}, query?: QueryParams): Promise<M | null> {
    const shown = await this.showAt(path, options, query);
    return shown ? this.model.parse(shown.document.data, shown.context) : null;
  }

  protected async showAt(path: string, options: CallOptions = {}, query?: QueryParams) {
    try {
      const response = await this.transport.send({ method: 'GET', path, ...withQuery(query), ...options });
      const context = this.transport.readContext(`GET ${path}`, response);
      return { document: parseDocument(singleDocumentSchema, response.data, context), context };
    } catch (error) {
      if (isGlueflowError(error, 'EITGLUE_NOT_FOUND')) return null;
      throw error;
    }
  }

  protected async createAt(path: string, attributes: object, options: CallOptions = {}): Promise<M> {
    const response = await this.transport.send({
      method: 'POST',
      path,
      body: encodeResource(this.jsonType, attributes as Record<string, unknown>),
      ...options,
    });
    return this.wrote(this.one(response, `POST ${path}`));
  }

  /** Several records in one POST (IT Glue allows it on organization-nested routes only). */
  protected async createManyAt(
    path: string,
    items: readonly object[],
    options: CallOptions = {},
  ): Promise<M[]> {
    const data = items.map((item) => encodeResource(this.jsonType, item as Record<string, unknown>).data);
    const response = await this.transport.send({ method: 'POST', path, body: { data }, ...options });
    return this.wroteAll(this.many(response, `POST ${path}`));
  }

  /**
   * PATCH of one record: the id is in the path only, as every published PATCH example has it
   * (`{data: {type, attributes}}`); bulk PATCHes carry it in `attributes.id`.
   */
  protected async updateAt(path: string, attributes: object, options: CallOptions = {}): Promise<M> {
    const response = await this.transport.send({
      method: 'PATCH',
      path,
      body: encodeResource(this.jsonType, attributes as Record<string, unknown>),
      ...options,
    });
    return this.wrote(this.one(response, `PATCH ${path}`));
  }

  /** PATCH /<route> with `data: [{type, attributes: {id, …}}]`, in chunks under 10 MB. */
  protected async bulkUpdateAt(
    path: string,
    items: ReadonlyArray<{ id: Id }>,
    options: CallOptions = {},
  ): Promise<M[]> {
    const resources = items.map(({ id, ...attributes }) => ({
      type: this.jsonType,
      attributes: { id: String(id), ...toSnake<Record<string, unknown>>(attributes) },
    }));
    const updated: M[] = [];
    for (const chunk of chunks(resources, `PATCH ${path}`)) {
      const response = await this.transport.send({
        method: 'PATCH',
        path,
        body: { data: chunk },
        ...options,
      });
      updated.push(...(await this.wroteAll(this.many(response, `PATCH ${path}`))));
    }
    return updated;
  }

  /** DELETE /<route> with `data: [{type, attributes: {id}}]`, in chunks; resolves to the number deleted. */
  protected async bulkDeleteAt(path: string, ids: readonly Id[], options: CallOptions = {}): Promise<number> {
    const resources = ids.map((id) => ({ type: this.jsonType, attributes: { id: String(id) } }));
    let deleted = 0;
    for (const chunk of chunks(resources, `DELETE ${path}`)) {
      await this.transport.send({ method: 'DELETE', path, body: { data: chunk }, ...options });
      await this.deleted(chunk.map((resource) => resource.attributes.id));
      deleted += chunk.length;
    }
    return deleted;
  }

  protected async deleteAt(path: string, id: Id, options: CallOptions = {}): Promise<void> {
    await this.transport.send({ method: 'DELETE', path, ...options });
    await this.deleted([String(id)]);
  }

  /** Tells the client's record-written listeners (record-writes.ts), then hands the record on. */
  protected async wrote(record: M): Promise<M> {
    await this.wroteAll([record]);
    return record;
  }

  protected async wroteAll(records: M[]): Promise<M[]> {
    const written = records as unknown as WrittenRecord[];
    await this.transport.writes.notify({ kind: 'written', route: this.route, records: written });
    return records;
  }

  protected deleted(ids: readonly string[]): Promise<void> {
    return this.transport.writes.notify({ kind: 'deleted', route: this.route, ids });
  }

  protected one(response: RawResponse, where: string): M {
    const context = this.transport.readContext(where, response);
    const document = parseDocument(oneOrManyDocumentSchema, response.data, context);
    const resource = Array.isArray(document.data) ? document.data[0] : document.data;
    if (!resource)
      throw createError(
        'EITGLUE_BAD_RESPONSE',
        { where, problem: 'data: expected a record, got an empty list' },
        { requestId: response.requestId, status: response.status },
      );
    return this.model.parse(resource, context);
  }

  protected many(response: RawResponse, where: string): M[] {
    if (response.data === undefined) return [];
    const context = this.transport.readContext(where, response);
    const document = parseDocument(oneOrManyDocumentSchema, response.data, context);
    const list: ResourceObject[] = Array.isArray(document.data) ? document.data : [document.data];
    return list.map((resource) => this.model.parse(resource, context));
  }
}

function withQuery(query: QueryParams | undefined): { query?: QueryParams } {
  return query ? { query } : {};
}

/** Splits bulk bodies by serialized size and item count. */
function chunks<T>(items: readonly T[], where: string): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (size > BULK_CHUNK_BYTES) {
      throw createError('EITGLUE_TOO_LARGE', { where, bytes: size, limitBytes: MAX_REQUEST_BYTES });
    }
    if (current.length > 0 && (bytes + size > BULK_CHUNK_BYTES || current.length >= BULK_CHUNK_ITEMS)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export function idPath(route: string, id: Id): string {
  return `/${route}/${encodeURIComponent(String(id))}`;
}
