/**
 * Uploading a file's local images to its IT Glue record and knowing the URL to put in `<img src>`.
 * `ctx.itglue.attach` never uploads the same bytes twice to a record; the URL it answered is kept in
 * this plugin's state (bookmark per record and sha256), so an unchanged re-run renders the same HTML
 * without a single request. The bytes were read and checked when the file was prepared (loadImage),
 * so what is uploaded is exactly what was checked. An oversized image is a warning: the text still imports.
 */
import { createHash } from 'node:crypto';
import type { StepContext } from '@glueflow/core';
import type { ImageSource } from './image-sources.js';

export type RecordType = 'flexible_assets' | 'documents';
export interface RecordRef {
  resourceType: RecordType;
  id: string;
}

/** `src` per markdown URL: a URL, or null when the image cannot be shown (yet). */
export type ImageUrls = Map<string, string | null>;

export class ImageUploader {
  constructor(private readonly ctx: StepContext) {}

  async upload(record: RecordRef, images: Map<string, ImageSource>, item: string): Promise<ImageUrls> {
    const urls: ImageUrls = new Map();
    for (const [url, source] of images) {
      if (source.kind === 'remote') continue;
      if (source.kind === 'invalid' || source.kind === 'path') {
        urls.set(url, null); // invalid: reported once per file by the import; path: not read (keep/drop)
        continue;
      }
      urls.set(url, await this.uploadOne(record, source, url, item));
    }
    return urls;
  }

  private async uploadOne(
    record: RecordRef,
    source: Extract<ImageSource, { kind: 'file' | 'data' }>,
    url: string,
    item: string,
  ): Promise<string | null> {
    const content = source.content;
    const sha256 = createHash('sha256').update(content).digest('hex');
    const bookmark = `image-url:${record.resourceType}:${record.id}:${sha256}`;
    const cached = await this.ctx.state.bookmarks.get<string>(bookmark);
    if (typeof cached === 'string') return cached;
    const result = await this.ctx.itglue.attach({
      resourceType: record.resourceType,
      resourceId: record.id,
      fileName: source.fileName,
      content,
    });
    if (result.action === 'skipped') {
      this.warn(
        item,
        `image ${url} was not uploaded: ${result.reason ?? 'skipped'}`,
        'shrink the image or link to it instead',
      );
      return null;
    }
    const served = result.url ?? (result.id ? await this.downloadUrl(record, result.id) : undefined);
    if (!served) return null; // a dry run: the upload is planned, its URL unknown
    await this.ctx.state.bookmarks.set(bookmark, served);
    return served;
  }

  /** The URL of an attachment uploaded by an earlier run whose answer this state did not keep. */
  private async downloadUrl(record: RecordRef, attachmentId: string): Promise<string | undefined> {
    for await (const attachment of this.ctx.itglue.read.attachments.list(record.resourceType, record.id)) {
      if (String(attachment.id) === attachmentId) return attachment.downloadUrl ?? undefined;
    }
    return undefined;
  }

  private warn(item: string, reason: string, hint: string): void {
    this.ctx.report({
      severity: 'warning',
      code: 'EMARKDOWN_IMAGE',
      reason: `${item}: ${reason}`,
      item,
      hint,
    });
  }
}
