/**
 * Attachments of configurations, contacts, documents, locations, passwords, flexible assets … :
 * upload (base64 in JSON, checked against the 10 MB limit before sending), rename, bulk delete,
 * and download to a file, streamed — never held in memory, never cached.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { createError } from '../errors/index.js';
import { snakeCase } from '../case.js';
import { AttachmentModel } from '../models/assets.js';
import type { Attachment } from '../models/assets.js';
import type { CallOptions, RawResponse, Transport } from '../transport.js';
import { parseDocument, singleDocumentSchema } from '../json-api.js';
import { ResourceBase } from './resource-base.js';
import type { Id } from './resource-base.js';
import { loadUpload } from './upload-source.js';
import type { UploadSource } from './upload-source.js';

/** Where attachments hang: `configurations`, `flexible_assets` (or `flexibleAssets`), `documents` … */
export type AttachableType = string;

export function ownerPath(resourceType: AttachableType, resourceId: Id, child: string): string {
  return `/${snakeCase(resourceType)}/${encodeURIComponent(String(resourceId))}/relationships/${child}`;
}

export interface UploadOptions extends CallOptions {
  /** Required for a Buffer or a stream; a path's base name otherwise. */
  fileName?: string;
}

export interface DownloadResult {
  path: string;
  bytes: number;
}

export class Attachments extends ResourceBase<Attachment> {
  constructor(
    transport: Transport,
    private readonly baseUrl: string,
  ) {
    super(transport, 'attachments', AttachmentModel);
  }

  /**
   * The attachments of a record, read as IT Glue documents it: `include=attachments` on the
   * record's show (the docs have no attachment index route).
   */
  async *list(
    resourceType: AttachableType,
    resourceId: Id,
    options: CallOptions = {},
  ): AsyncGenerator<Attachment> {
    const path = `/${snakeCase(resourceType)}/${encodeURIComponent(String(resourceId))}`;
    const response = await this.transport.send({
      method: 'GET',
      path,
      query: { include: 'attachments' },
      ...options,
    });
    const context = this.transport.readContext(`GET ${path}`, response);
    const document = parseDocument(singleDocumentSchema, response.data, context);
    for (const resource of document.included ?? []) {
      if (resource.type === 'attachments') yield this.model.parse(resource, context);
    }
  }

  async upload(
    resourceType: AttachableType,
    resourceId: Id,
    source: UploadSource,
    options: UploadOptions = {},
  ): Promise<Attachment> {
    const { fileName, ...callOptions } = options;
    const where = `POST ${ownerPath(resourceType, resourceId, 'attachments')}`;
    const file = await loadUpload(source, fileName, where);
    const response = await this.transport.send({
      method: 'POST',
      path: ownerPath(resourceType, resourceId, 'attachments'),
      body: {
        data: {
          type: 'attachments',
          attributes: { attachment: { content: file.content.toString('base64'), file_name: file.fileName } },
        },
      },
      ...callOptions,
    });
    return this.one(response, where);
  }

  /** IT Glue lets an attachment be renamed, nothing else; the rename names the attachment in `data.attributes.id` (reference §6a). */
  async rename(
    resourceType: AttachableType,
    resourceId: Id,
    id: Id,
    name: string,
    options?: CallOptions,
  ): Promise<Attachment> {
    return this.updateAt(
      `${ownerPath(resourceType, resourceId, 'attachments')}/${encodeURIComponent(String(id))}`,
      { id: String(id), name },
      options,
    );
  }

  bulkDelete(
    resourceType: AttachableType,
    resourceId: Id,
    ids: readonly Id[],
    options?: CallOptions,
  ): Promise<number> {
    return this.bulkDeleteAt(ownerPath(resourceType, resourceId, 'attachments'), ids, options);
  }

  /**
   * Streams the file to `destination` (written to a temporary name, then renamed, so a failed
   * download never leaves a truncated file). Redirects are followed; the API key goes only to the
   * API's own host, never to a storage host a redirect points at.
   */
  async download(
    attachment: Pick<Attachment, 'downloadUrl'> | string,
    destination: string,
    options: CallOptions = {},
  ): Promise<DownloadResult> {
    let url = typeof attachment === 'string' ? attachment : attachment.downloadUrl;
    if (!url) {
      throw createError('EITGLUE_INVALID_ARGUMENT', {
        what: 'attachments.download()',
        expected: 'an attachment with a download-url',
      });
    }
    url = new URL(url, `${this.baseUrl}/`).toString();
    for (let hop = 0; hop < 5; hop++) {
      const response: RawResponse<Readable> = await this.transport.send<Readable>({
        method: 'GET',
        path: '',
        absoluteUrl: url,
        stream: true,
        acceptRedirect: true,
        ...options,
      });
      const location: string | undefined = response.headers.location;
      if (response.status >= 300 && response.status < 400 && location) {
        response.data.resume();
        url = new URL(location, url).toString();
        continue;
      }
      await fs.promises.mkdir(path.dirname(path.resolve(destination)), { recursive: true });
      const partial = `${destination}.part-${process.pid}`;
      try {
        await pipeline(response.data, fs.createWriteStream(partial, { mode: 0o600 }));
        await fs.promises.rename(partial, destination);
      } catch (error) {
        await fs.promises.rm(partial, { force: true });
        throw createError(
          'EITGLUE_NETWORK',
          {
            where: `GET ${new URL(url).pathname}`,
            reason: `download interrupted: ${(error as Error).message}`,
          },
          { cause: error },
        );
      }
      return { path: destination, bytes: (await fs.promises.stat(destination)).size };
    }
    throw createError('EITGLUE_BAD_RESPONSE', {
      where: 'attachments.download()',
      problem: 'more than 5 redirects',
    });
  }
}
