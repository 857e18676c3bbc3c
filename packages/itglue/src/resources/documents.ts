/**
 * Documents (IT Glue's Documents API, 2026): create, read with sections, update, publish, bulk
 * delete; sections; and `createFromFile`, the two-step upload (create the document, attach the
 * file) as one call. Section edits are not visible until the document is published.
 */
import path from 'node:path';
import { DocumentModel, DocumentSectionModel } from '../models/assets.js';
import type { Attachment, Document, DocumentSection } from '../models/assets.js';
import type { CallOptions, Transport } from '../transport.js';
import type { Attachments } from './attachments.js';
import type { DocumentCreate, DocumentInput, DocumentSectionCreate, DocumentSectionInput } from './inputs.js';
import { ResourceBase, idPath } from './resource-base.js';
import type { Id, ListParams } from './resource-base.js';
import type { UploadSource } from './upload-source.js';

const sectionsPath = (documentId: Id) =>
  `/documents/${encodeURIComponent(String(documentId))}/relationships/sections`;

export class DocumentSections extends ResourceBase<DocumentSection> {
  constructor(transport: Transport) {
    super(transport, 'document_sections', DocumentSectionModel);
  }
  list(documentId: Id, params: ListParams = {}): AsyncIterable<DocumentSection> {
    return this.listAt(sectionsPath(documentId), params);
  }
  get(documentId: Id, id: Id, options?: CallOptions): Promise<DocumentSection | null> {
    return this.getAt(`${sectionsPath(documentId)}/${encodeURIComponent(String(id))}`, options);
  }
  create(documentId: Id, attributes: DocumentSectionCreate, options?: CallOptions): Promise<DocumentSection> {
    return this.createAt(sectionsPath(documentId), attributes, options);
  }
  update(
    documentId: Id,
    id: Id,
    attributes: DocumentSectionInput,
    options?: CallOptions,
  ): Promise<DocumentSection> {
    return this.updateAt(
      `${sectionsPath(documentId)}/${encodeURIComponent(String(id))}`,
      attributes,
      options,
    );
  }
  delete(documentId: Id, id: Id, options?: CallOptions): Promise<void> {
    return this.deleteAt(`${sectionsPath(documentId)}/${encodeURIComponent(String(id))}`, id, options);
  }
}

export interface CreateFromFileOptions extends CallOptions {
  /** Document name; default: the file's base name without extension. */
  name?: string;
  /** File name stored with the attachment; default: the path's base name. */
  fileName?: string;
  documentFolderId?: Id;
}

export class Documents extends ResourceBase<Document> {
  readonly sections: DocumentSections;

  constructor(
    transport: Transport,
    private readonly attachments: Attachments,
  ) {
    super(transport, 'documents', DocumentModel);
    this.sections = new DocumentSections(transport);
  }

  /** An organization's documents (root level unless `filter: { documentFolderId }`). */
  list(organizationId: Id, params: ListParams = {}): AsyncIterable<Document> {
    return this.listAt(
      `/organizations/${encodeURIComponent(String(organizationId))}/relationships/documents`,
      params,
    );
  }
  get(id: Id, options?: CallOptions): Promise<Document | null> {
    return this.getAt(idPath(this.route, id), options);
  }
  create(attributes: DocumentCreate, options?: CallOptions): Promise<Document> {
    return this.createAt('/documents', attributes, options);
  }
  update(id: Id, attributes: DocumentInput, options?: CallOptions): Promise<Document> {
    return this.updateAt(idPath(this.route, id), attributes, options);
  }
  /** Makes section edits visible. IT Glue wants PATCH here (POST is a 404). */
  async publish(id: Id, options: CallOptions = {}): Promise<Document> {
    const response = await this.transport.send({
      method: 'PATCH',
      path: `${idPath(this.route, id)}/publish`,
      ...options,
    });
    return this.wrote(this.one(response, `PATCH ${idPath(this.route, id)}/publish`));
  }
  bulkDelete(ids: readonly Id[], options?: CallOptions): Promise<number> {
    return this.bulkDeleteAt('/documents', ids, options);
  }

  /**
   * The two-step upload in one call: creates an uploaded document in the organization, then
   * attaches the file. If the attachment fails, the (empty) document is deleted again so a retry
   * does not leave a stray document behind.
   */
  async createFromFile(
    organizationId: Id,
    source: string | UploadSource,
    options: CreateFromFileOptions = {},
  ): Promise<{ document: Document; attachment: Attachment }> {
    const { name, fileName, documentFolderId, ...callOptions } = options;
    const baseName = fileName ?? (typeof source === 'string' ? path.basename(source) : undefined);
    const document = await this.create(
      {
        organizationId,
        name: name ?? (baseName ? baseName.replace(/\.[^.]+$/, '') : 'Document'),
        isUploaded: true,
        ...(documentFolderId === undefined ? {} : { documentFolderId }),
      },
      callOptions,
    );
    try {
      const attachment = await this.attachments.upload('documents', document.id, source, {
        ...callOptions,
        ...(baseName ? { fileName: baseName } : {}),
      });
      return { document, attachment };
    } catch (error) {
      await this.bulkDelete([document.id], callOptions).catch(() => undefined);
      throw error;
    }
  }
}
