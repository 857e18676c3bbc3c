/**
 * What a file becomes in IT Glue. Both targets go through the engine's duplicate-free writes
 * (sourceKey → record, unchanged → no request, flexible-asset traits merged with the live ones).
 * A record that does not exist yet cannot hold attachments, so its images are uploaded right after
 * the create and the content is written once more with their URLs (`completeImages`).
 */
import type {
  DocumentSectionSpec,
  EnsuredFlexibleAssetType,
  StepContext,
  UpsertResult,
} from '@glueflow/core';
import type { RenderedMarkdown } from '../render/render-markdown.js';
import type { RecordRef, RecordType } from './image-uploads.js';
import type { ImportSettings } from './options.js';

export interface WriteInput {
  sourceKey: string;
  organizationId: string;
  title: string;
  rendered: RenderedMarkdown;
  /** Validated front matter `traits:` (flexible assets). */
  traits: Record<string, unknown>;
  /**
   * The file as read: plans compare it between `plan` and `apply`, since the rendered HTML holds link
   * and image URLs of records that may exist only once the plan is applied.
   */
  fingerprint: unknown;
  /** The file alone decides the record (no links to other files, no uploads): see UpsertRequest. */
  fingerprintOnly?: boolean;
  /** For a record that does not exist yet: uploads its images once it does and renders again. */
  completeImages?: (record: RecordRef) => Promise<RenderedMarkdown | undefined>;
}

export interface RecordTarget {
  readonly resourceType: RecordType;
  /** Bytes of the largest single request this write sends (IT Glue takes at most 10 MB). */
  largestRequestBytes(input: WriteInput): number;
  write(input: WriteInput): Promise<UpsertResult>;
}

export class FlexibleAssetTarget implements RecordTarget {
  readonly resourceType = 'flexible_assets';

  constructor(
    private readonly ctx: StepContext,
    private readonly settings: ImportSettings,
    private readonly type: EnsuredFlexibleAssetType,
  ) {}

  largestRequestBytes(input: WriteInput): number {
    return jsonBytes({
      data: {
        type: 'flexible-assets',
        attributes: {
          'organization-id': input.organizationId,
          'flexible-asset-type-id': this.type.id,
          traits: this.traits(input, input.rendered),
        },
      },
    });
  }

  write(input: WriteInput): Promise<UpsertResult> {
    const complete = input.completeImages;
    return this.ctx.itglue.upsert({
      sourceKey: input.sourceKey,
      resourceType: 'flexible_assets',
      organizationId: input.organizationId,
      flexibleAssetTypeId: this.type.id,
      naturalKey: { name: input.title },
      attributes: { traits: this.traits(input, input.rendered) },
      fingerprint: input.fingerprint,
      ...(input.fingerprintOnly ? { fingerprintOnly: true } : {}),
      // A runbook is documentation: its flexible asset also fires onDocumentCreated.
      documentSource: true,
      ...(complete
        ? {
            afterWrite: async (record: { id: string }) => {
              const next = await complete({ resourceType: 'flexible_assets', id: record.id });
              return next && next.html !== input.rendered.html
                ? { traits: this.traits(input, next) }
                : undefined;
            },
          }
        : {}),
    });
  }

  private traits(input: WriteInput, rendered: RenderedMarkdown): Record<string, unknown> {
    return {
      ...input.traits,
      [this.settings.titleField]: input.title,
      [this.settings.contentField]: rendered.html,
    };
  }
}

export class DocumentTarget implements RecordTarget {
  readonly resourceType = 'documents';

  constructor(private readonly ctx: StepContext) {}

  largestRequestBytes(input: WriteInput): number {
    return Math.max(
      jsonBytes({ data: { type: 'documents', attributes: { name: input.title } } }),
      ...sectionsOf(input.rendered).map((section) =>
        jsonBytes({ data: { type: 'document-sections', attributes: section } }),
      ),
    );
  }

  async write(input: WriteInput): Promise<UpsertResult> {
    const request = (rendered: RenderedMarkdown) => ({
      sourceKey: input.sourceKey,
      organizationId: input.organizationId,
      name: input.title,
      sections: sectionsOf(rendered),
      publish: true,
    });
    const result = await this.ctx.itglue.upsertDocument(request(input.rendered));
    const wrote = result.action === 'created' || result.action === 'updated';
    if (!input.completeImages || !result.id || !wrote || this.ctx.dryRun) return result;
    const next = await input.completeImages({ resourceType: 'documents', id: result.id });
    if (!next || next.html === input.rendered.html) return result;
    await this.ctx.itglue.upsertDocument(request(next));
    return result;
  }
}

/** One Text section, or (with `sections: h2`) a Heading section per H2 and a Text section under it. */
export function sectionsOf(rendered: RenderedMarkdown): DocumentSectionSpec[] {
  if (!rendered.sections) return [{ kind: 'Text', content: rendered.html }];
  const sections: DocumentSectionSpec[] = [];
  for (const section of rendered.sections) {
    if (section.heading !== undefined) sections.push({ kind: 'Heading', content: section.heading, level: 2 });
    if (section.html !== '') sections.push({ kind: 'Text', content: section.html });
  }
  return sections;
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}
