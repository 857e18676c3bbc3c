/**
 * One `markdown.import` run over a set of files: each file is read (UTF-8), parsed, checked
 * (organization, traits, size) and written through its target; problems become per-file messages and
 * the other files go on. Files whose links pointed at records that did not exist yet are revisited
 * once the whole set is written.
 */
import { isPlannedId, MAX_REQUEST_BYTES } from '@glueflow/core';
import type { EnsuredFlexibleAssetType, StepContext } from '@glueflow/core';
import { MarkdownTooComplexError } from '../render/complexity.js';
import { FrontMatterError } from '../render/front-matter.js';
import { formatBytes, MarkdownImportError } from './errors.js';
import { FileWarnings } from './file-warnings.js';
import { ImageUploader } from './image-uploads.js';
import type { ImageUrls, RecordRef } from './image-uploads.js';
import { LinkTargets } from './link-targets.js';
import type { ImportSettings } from './options.js';
import { OrganizationResolver } from './organizations.js';
import { prepareFile, renderResolved } from './prepare.js';
import type { PreparedFile } from './prepare.js';
import { readFileWithin, UnsafePath } from './safe-paths.js';
import { SelectOptions } from './select-options.js';
import { decodeUtf8, MAX_FILE_BYTES, quickFrontMatter } from './source-files.js';
import type { SourceFile } from './source-files.js';
import { DocumentTarget, FlexibleAssetTarget } from './targets.js';
import type { RecordTarget } from './targets.js';
import { isPlainText, validateTraits } from './traits.js';
import { traitLines } from './front-matter-lines.js';
import { ID_KEYS, writeBackId } from './write-back.js';

/** Every top-level front matter key the import reads; any other gets an EMARKDOWN_UNKNOWN_KEY warning. */
const FRONT_MATTER_KEYS = ['title', 'organization', 'id', 'traits', ...Object.values(ID_KEYS)];

export class MarkdownImport {
  readonly #organizations: OrganizationResolver;
  readonly #uploader: ImageUploader;
  readonly #links: LinkTargets;
  readonly #target: RecordTarget;
  readonly #selectOptions: SelectOptions;
  /** Files with links to records that did not exist when they were written → the sourceKeys. */
  readonly #waiting = new Map<SourceFile, Set<string>>();
  readonly #warnings: FileWarnings;

  constructor(
    private readonly ctx: StepContext,
    private readonly settings: ImportSettings,
    files: SourceFile[],
    private readonly type: EnsuredFlexibleAssetType | undefined,
    /** The config folder's real path: nothing is read from outside it. */
    private readonly realRoot: string,
  ) {
    this.#organizations = new OrganizationResolver(ctx);
    this.#selectOptions = new SelectOptions(ctx, type);
    this.#warnings = new FileWarnings(ctx);
    this.#uploader = new ImageUploader(ctx);
    this.#target = type ? new FlexibleAssetTarget(ctx, settings, type) : new DocumentTarget(ctx);
    this.#links = new LinkTargets(
      ctx,
      this.#target.resourceType,
      new Map(files.map((f) => [f.real, f.sourceKey])),
    );
  }

  async importFile(source: SourceFile): Promise<void> {
    try {
      await this.#import(source);
    } catch (error) {
      this.#fail(source.relativePath, error);
    }
  }

  /** Second look at files whose links can now point at records written later in this run. */
  async revisitWaiting(): Promise<void> {
    const ready = [...this.#waiting].filter(([, keys]) =>
      [...keys].some((key) => this.#links.isWritten(key)),
    );
    this.#waiting.clear();
    await this.ctx.forEachItem(
      ready.map(([source]) => source),
      (source) => source.relativePath,
      (source) => this.importFile(source),
    );
  }

  async #import(source: SourceFile): Promise<void> {
    const item = source.relativePath;
    const read = await this.#read(source);
    if (!read.bytes) return this.#skipTooLarge(item, read.size, 'on disk');
    const text = decodeUtf8(read.bytes, item);
    // The time limit changes no output: a new one must not make every file look edited.
    const { maxParseSeconds, ...settings } = this.settings;
    const fingerprint = { text, settings };
    if (await this.#unchanged(source, fingerprint)) return;
    const file = await prepareFile(source, text, this.#links, {
      baseDir: this.ctx.baseDir,
      realRoot: this.realRoot,
      loadImages: this.settings.images === 'upload',
      maxParseMs: maxParseSeconds * 1000,
    });
    const { frontMatter } = file;
    this.#warnings.unknownKeys(item, text, FRONT_MATTER_KEYS);
    if (!isPlainText(file.title)) {
      throw new MarkdownImportError(
        'EMARKDOWN_TITLE',
        `${item}: the title ${JSON.stringify(file.title)} holds HTML markup or control characters; titles are plain text`,
        'remove the tags from `title:`, the first H1 or the file name',
        item,
      );
    }
    const organization = await this.#organizations.resolve(
      frontMatter.organization,
      this.settings.organization,
      item,
    );
    const traits = await this.#traits(file);
    if (this.settings.images === 'upload') this.#warnings.unusableImages(item, file.images);
    const { urls: linkUrls, waitingFor } = await this.#resolveLinks(file);
    const base = {
      sourceKey: source.sourceKey,
      organizationId: organization.id,
      title: file.title,
      traits,
      fingerprint,
      // Nothing but the file decides this record: an unchanged re-run can skip parsing it (#unchanged).
      fingerprintOnly: !file.hasRelativeLinks && !this.#hasUploads(file),
    };
    // Measured before any upload: a file too large to write must not leave attachments behind.
    const draft = await renderResolved(file, this.settings, new Map(), linkUrls, this.ctx.dryRun);
    this.#warnings.droppedLinks(item, draft.droppedLinks ?? []);
    const bytes =
      this.#target.largestRequestBytes({ ...base, rendered: draft }) + this.#imageUrlAllowance(file);
    if (bytes > MAX_REQUEST_BYTES) return this.#skipTooLarge(item, bytes, 'as an IT Glue request');
    let record = await this.#knownRecord(file, organization.id);
    let imageUrls: ImageUrls = new Map();
    if (record && this.#hasUploads(file)) {
      const uploaded = await this.#upload(record, file);
      if (uploaded) imageUrls = uploaded;
      else record = undefined; // the mapped record is gone: it is created again, images after it
    }
    const rendered =
      imageUrls.size > 0
        ? await renderResolved(file, this.settings, imageUrls, linkUrls, this.ctx.dryRun)
        : draft;
    const result = await this.#target.write({
      ...base,
      rendered,
      ...(!record && this.#hasUploads(file)
        ? {
            completeImages: async (created: RecordRef) =>
              renderResolved(file, this.settings, (await this.#upload(created, file)) ?? new Map(), linkUrls),
          }
        : {}),
    });
    if (result.id) {
      this.#links.remember(source.sourceKey, result.id);
      if (this.settings.writeBack && !this.ctx.dryRun) await this.#writeBack(source, text, result.id);
    }
    if (waitingFor.size > 0) this.#waiting.set(source, waitingFor);
  }

  /**
   * A file written last time from this very text (and settings), with no link to a path (which may
   * point at a record now) and no image to upload, needs no parse or render: the engine answers from its mapping. Parsing is
   * nearly all of an import's time, so an unchanged folder re-runs in a fraction of it.
   */
  async #unchanged(source: SourceFile, fingerprint: { text: string }): Promise<boolean> {
    if (!this.type) return false; // documents are fingerprinted by their rendered sections
    const frontMatter = quickFrontMatter(fingerprint.text);
    if (!frontMatter) return false;
    let organizationId: string;
    try {
      organizationId = (
        await this.#organizations.resolve(
          frontMatter.organization,
          this.settings.organization,
          source.relativePath,
        )
      ).id;
    } catch {
      return false; // the full path reports it
    }
    const result = await this.ctx.itglue.unchangedSince({
      sourceKey: source.sourceKey,
      resourceType: 'flexible_assets',
      organizationId,
      flexibleAssetTypeId: this.type.id,
      fingerprint,
      name: source.relativePath,
    });
    if (!result?.id) return false;
    this.#links.remember(source.sourceKey, result.id);
    return true;
  }

  /** The file's bytes, read from its real path inside the config folder (never through a new link). */
  async #read(source: SourceFile) {
    try {
      return await readFileWithin(this.realRoot, source.real, { maxBytes: MAX_FILE_BYTES });
    } catch (error) {
      if (!(error instanceof UnsafePath)) throw error;
      throw new MarkdownImportError(
        'EMARKDOWN_UNSAFE_PATH',
        `${source.relativePath} was not read: ${error.reason}`,
        'import only files that really live inside the config folder',
        source.relativePath,
      );
    }
  }

  /** Room for the attachment URLs that replace local images (a URL is well under 512 bytes). */
  #imageUrlAllowance(file: PreparedFile): number {
    return this.#hasUploads(file) ? 512 * file.images.size : 0;
  }

  async #writeBack(source: SourceFile, text: string, id: string): Promise<void> {
    const item = source.relativePath;
    const key = ID_KEYS[this.#target.resourceType];
    const outcome = await writeBackId(this.ctx.baseDir, source.path, text, id, key);
    if (outcome === 'written')
      this.ctx.report({ severity: 'info', reason: `${item}: wrote ${key}: ${id}`, item });
    if (outcome === 'changed-on-disk') {
      this.ctx.report({
        severity: 'warning',
        code: 'EMARKDOWN_WRITE_BACK',
        reason: `${item} changed on disk during the run; ${key}: ${id} was not written into it`,
        item,
        hint: 'the next run writes it (with writeBack: true)',
      });
    }
    if (typeof outcome === 'object') {
      this.ctx.report({
        severity: 'warning',
        code: 'EMARKDOWN_WRITE_BACK',
        reason: `${item}: ${key}: ${id} was not written: ${outcome.refused}`,
        item,
        hint: 'writeBack writes only regular files inside the config folder; replace the link by the file, or add the id by hand',
      });
    }
  }

  async #traits(file: PreparedFile): Promise<Record<string, unknown>> {
    const raw = file.frontMatter.traits;
    const item = file.source.relativePath;
    const lineOf = traitLines(file.text);
    if (!this.type) {
      if (raw !== undefined) {
        this.ctx.report({
          severity: 'warning',
          reason: `${file.source.relativePath}: front matter \`traits:\` is ignored for target document`,
          item: file.source.relativePath,
          hint: 'traits set flexible asset fields; use target flexible-asset or remove them',
        });
      }
      return {};
    }
    return validateTraits(
      raw,
      {
        fields: this.type.fields,
        titleField: this.settings.titleField,
        contentField: this.settings.contentField,
        typeName: this.type.name,
        selectOptions: await this.#selectOptions.forTraits(raw),
        linkSchemes: this.settings.linkSchemes,
        maxParseMs: this.settings.maxParseSeconds * 1000,
        onDroppedLink: (key, url) => {
          const line = lineOf(key);
          this.#warnings.droppedLinks(item, [{ url, trait: key, ...(line ? { place: `${line}:1` } : {}) }]);
        },
      },
      item,
      lineOf,
    );
  }

  /**
   * The record this file already has: the engine's mapping, else the id a `writeBack` left in the file
   * — seeded as a mapping (so the engine updates that record even after a title change) only when
   * that record is one of ours: a flexible asset of the step's type, or a document of the file's org.
   */
  async #knownRecord(file: PreparedFile, organizationId: string): Promise<RecordRef | undefined> {
    const resourceType = this.#target.resourceType;
    const { sourceKey, relativePath: item } = file.source;
    const mapping = await this.ctx.state.mappings.get(sourceKey);
    // A dry run shows its planned creates as mappings (planned:…): such a record does not exist yet.
    if (mapping?.resourceType === resourceType && !isPlannedId(mapping.id))
      return { resourceType, id: mapping.id };
    const key = ID_KEYS[resourceType];
    const raw = file.frontMatter[key];
    const id = typeof raw === 'number' || typeof raw === 'string' ? String(raw).trim() : '';
    if (!/^\d+$/.test(id)) return undefined;
    const read = this.ctx.itglue.read;
    const record =
      resourceType === 'documents' ? await read.documents.get(id) : await read.flexibleAssets.get(id);
    const ours =
      record &&
      (resourceType === 'documents'
        ? String(record.organizationId) === organizationId
        : String((record as { flexibleAssetTypeId?: unknown }).flexibleAssetTypeId) === this.type?.id);
    if (!ours) {
      this.ctx.report({
        severity: 'warning',
        code: 'EMARKDOWN_STALE_ID',
        reason: `${item}: ${key}: ${id} is not ${resourceType === 'documents' ? 'a document of this organization' : `a "${this.type?.name}" flexible asset`} in IT Glue; ignored`,
        item,
        hint: `remove \`${key}\` from the front matter (writeBack writes the right one)`,
      });
      return undefined;
    }
    // The engine compares with the live record and updates it, also when it was renamed.
    await this.ctx.itglue.adopt(sourceKey, { resourceType, id });
    return { resourceType, id };
  }

  /** Uploads the file's images to `record`; undefined when the record no longer exists in IT Glue. */
  async #upload(record: RecordRef, file: PreparedFile): Promise<ImageUrls | undefined> {
    if (!this.#hasUploads(file)) return new Map();
    try {
      return await this.#uploader.upload(record, file.images, file.source.relativePath);
    } catch (error) {
      if ((error as { code?: string }).code === 'EITGLUE_NOT_FOUND') return undefined;
      throw error;
    }
  }

  #hasUploads(file: PreparedFile): boolean {
    return (
      this.settings.images === 'upload' &&
      [...file.images.values()].some((image) => image.kind === 'file' || image.kind === 'data')
    );
  }

  async #resolveLinks(file: PreparedFile) {
    const urls = new Map<string, string>();
    const waitingFor = new Set<string>();
    for (const [url, link] of file.links) {
      const resolved = await this.#links.urlOf(link);
      if (resolved) urls.set(url, resolved);
      else waitingFor.add(link.sourceKey);
    }
    return { urls, waitingFor };
  }

  #skipTooLarge(item: string, bytes: number, measured: string): void {
    this.ctx.report({
      severity: 'warning',
      code: 'EMARKDOWN_TOO_LARGE',
      reason: `${item} skipped: ${formatBytes(bytes)} ${measured}, more than IT Glue takes in one request (${formatBytes(MAX_REQUEST_BYTES)})`,
      item,
      hint: 'split the file, or move large inline (data:) images into files next to it',
    });
    this.ctx.count('skipped');
  }

  #fail(item: string, error: unknown): void {
    if (
      error instanceof FrontMatterError ||
      error instanceof MarkdownTooComplexError ||
      error instanceof MarkdownImportError
    ) {
      const place = error.place;
      this.ctx.report({
        severity: 'error',
        code: error.code,
        reason:
          error instanceof MarkdownImportError
            ? error.message
            : `${item}${place ? `:${place}` : ''}: ${error.message}`,
        item,
        ...(place ? { place } : {}),
        hint: error.hint,
        ...(error instanceof MarkdownImportError && error.expected !== undefined
          ? { expected: error.expected, actual: error.actual }
          : {}),
      });
      return;
    }
    throw error;
  }
}
