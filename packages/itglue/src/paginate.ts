/**
 * Listing as an async iterator: `page[size]=1000` (IT Glue's maximum; its default of 50 is how
 * other tools "lose" records), one page in memory at a time. A 504 means the page was too heavy
 * for IT Glue: the page size is halved for the rest of this listing and the listing resumes at the
 * exact record where it stopped (the first page of the new size that covers it, skipping what was
 * already yielded).
 */
import { isGlueflowError } from './errors/index.js';
import { pageDocumentSchema, parseDocument, parseResourceAt } from './json-api.js';
import type { ModelDefinition, ResourceObject } from './json-api.js';
import type { CallOptions, QueryParams, Transport } from './transport.js';

export const MAX_PAGE_SIZE = 1000;

export interface PageOptions extends CallOptions {
  /** Default 1000 (the maximum). */
  pageSize?: number;
  /** Stop after this many records. */
  limit?: number;
  /** Stop after this many pages (IT Glue's /logs serves 5 at most). */
  maxPages?: number;
}

export interface PageInfo {
  pageNumber: number;
  pageSize: number;
  records: number;
}

export interface PaginateRequest<M> extends PageOptions {
  path: string;
  query?: QueryParams;
  model: ModelDefinition<M>;
  /** Called per page fetched (the listing's progress, and the tests' page counter). */
  onPage?: (page: PageInfo) => void;
  /** Receives `included` resources of each page, e.g. attachments of a show. */
  onIncluded?: (included: ResourceObject[]) => void;
  /**
   * Skip a record that is not a usable resource (no id, not an object, a strict attribute unusable)
   * and report it as an odd `(record)`, instead of failing the listing: for feeds such as /logs,
   * where one entry of an unknown shape must not cost the others.
   */
  skipUnusableRecords?: boolean;
}

export async function* paginate<M>(
  transport: Transport,
  request: PaginateRequest<M>,
): AsyncGenerator<M, void, undefined> {
  let size = Math.min(MAX_PAGE_SIZE, Math.max(1, request.pageSize ?? MAX_PAGE_SIZE));
  let yielded = 0;
  let pages = 0;
  const limit = request.limit ?? Infinity;
  const where = `GET ${request.path}`;
  while (yielded < limit && pages < (request.maxPages ?? Infinity)) {
    const pageNumber = Math.floor(yielded / size) + 1;
    const skip = yielded - (pageNumber - 1) * size;
    let body: unknown;
    let context = transport.readContext(where);
    try {
      const response = await transport.send({
        method: 'GET',
        path: request.path,
        query: { ...request.query, 'page[size]': size, 'page[number]': pageNumber },
        handle504: size > 1,
        ...callOptions(request),
      });
      body = response.data;
      context = transport.readContext(where, response);
    } catch (error) {
      if (isGlueflowError(error) && error.status === 504 && size > 1) {
        size = Math.max(1, Math.floor(size / 2));
        continue;
      }
      throw error;
    }
    pages++;
    const page = parseDocument(pageDocumentSchema, body, context);
    body = undefined;
    request.onPage?.({ pageNumber, pageSize: size, records: page.data.length });
    if (page.included?.length) {
      request.onIncluded?.(
        page.included.map((item, i) =>
          parseResourceAt(item, i, { ...context, where: `${where} (included)` }),
        ),
      );
    }
    for (let index = skip; index < page.data.length; index++) {
      if (yielded >= limit) return;
      const raw = page.data[index];
      page.data[index] = undefined; // let the raw record go as soon as its model exists
      yielded++;
      let model: M;
      try {
        model = request.model.parse(parseResourceAt(raw, index, context), context);
      } catch (error) {
        if (!request.skipUnusableRecords) throw error;
        context.onOddAttribute?.({
          type: request.model.jsonType,
          attribute: '(record)',
          expected: 'a JSON:API resource',
          found: (error as Error).message.replace(/^.*?: /, ''),
          where,
          ...(context.requestId ? { requestId: context.requestId } : {}),
        });
        continue;
      }
      yield model;
    }
    const nextPage = page.meta?.['next-page'];
    const lastPage =
      page.data.length < size ||
      (page.meta !== undefined &&
        page.meta !== null &&
        'next-page' in page.meta &&
        (nextPage === null || nextPage === undefined));
    if (lastPage) return;
  }
}

function callOptions(options: CallOptions): CallOptions {
  return {
    ...(options.priority ? { priority: options.priority } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  };
}
