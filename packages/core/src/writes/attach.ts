/**
 * `attach`: a file goes onto a record once. Its identity is its sha256 within that record:
 * - a mapping `attachment:<type>:<id>:<sha256>` in the plugin's state → nothing is sent;
 * - no mapping (lost state, a new machine): the record's attachments with the same file name and size
 *   are downloaded and hashed — a match is adopted, not uploaded again;
 * - an upload that failed ambiguously is looked up the same way before it is retried.
 * In a dry run the upload is planned and nothing is read beyond the listing.
 *
 * A record's attachments are listed once per run (AttachmentListings): a mail with many parts used to
 * re-list its record before every upload — 31,928 GETs for one 10,000-part message.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ITGlueClient } from '@glueflow/itglue';
import { maxUploadBytes } from '@glueflow/itglue';
import { createOnce } from '../engine/ambiguous.js';
import { assertLockHeld } from '../state/lock-context.js';
import { entityEvent } from '../engine/events.js';
import type { EmittableEvent } from '../engine/events.js';
import { isPlannedId } from '../engine/planned-records.js';
import type { RunInfo, StepInfo } from '../engine/hook-types.js';
import type { MappingStore } from '../engine/write-backend.js';
import type { AttachRequest, AttachResult, WritableResource } from '../engine/write-types.js';

export interface AttachOptions {
  client: ITGlueClient;
  mappings: MappingStore;
  run: RunInfo;
  step: StepInfo;
  dryRun: boolean;
  emit(event: EmittableEvent): Promise<void>;
  onPlanned?(what: { sourceKey: string; fileName: string; bytes: number; recordId: string }): void;
  /** This run's listings (one per record); without it every check lists again. */
  listings?: AttachmentListings;
  /**
   * Runs the check-and-upload of one file holding that file's lock, when other processes may attach it
   * at once (writes/facade.ts): the second then finds the first's mapping instead of uploading again.
   */
  underLock?: <T>(sourceKey: string, write: () => Promise<T>) => Promise<T>;
}

/**
 * Each record's attachments as listed once in this run, kept current with the run's own uploads, and
 * the hashes of files already downloaded to compare. Cleared when a run begins (people add files between
 * runs); forgotten for a record after an ambiguous upload, whose outcome only a fresh listing can tell.
 */
export class AttachmentListings {
  readonly #lists = new Map<string, Promise<Listed[]>>();
  readonly #hashes = new Map<string, Promise<string>>();

  clear(): void {
    this.#lists.clear();
    this.#hashes.clear();
  }

  of(client: ITGlueClient, type: string, id: string): Promise<Listed[]> {
    const key = `${type}:${id}`;
    let list = this.#lists.get(key);
    if (!list) {
      list = listAttachments(client, type, id);
      list.catch(() => this.#lists.delete(key));
      this.#lists.set(key, list);
    }
    return list;
  }

  add(type: string, id: string, attachment: Listed): void {
    const list = this.#lists.get(`${type}:${id}`);
    if (list)
      this.#lists.set(
        `${type}:${id}`,
        list.then((items) => [...items, attachment]),
      );
  }

  forget(type: string, id: string): void {
    this.#lists.delete(`${type}:${id}`);
  }

  hashOf(client: ITGlueClient, url: string): Promise<string> {
    let hash = this.#hashes.get(url);
    if (!hash) {
      hash = hashOfDownload(client, url);
      hash.catch(() => this.#hashes.delete(url));
      this.#hashes.set(url, hash);
    }
    return hash;
  }
}

interface Listed {
  id: string;
  name: string;
  bytes: number | null;
  downloadUrl: string | null;
}

export async function attachFile(options: AttachOptions, request: AttachRequest): Promise<AttachResult> {
  const content = Buffer.from(request.content);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const sourceKey = `attachment:${request.resourceType}:${request.resourceId}:${sha256}`;
  const limit = maxUploadBytes(request.fileName);
  if (content.length > limit) {
    return {
      action: 'skipped',
      sha256,
      reason: `${request.fileName} is ${content.length} bytes; IT Glue takes at most ${limit} in one request (after base64)`,
    };
  }
  const underLock = options.underLock ?? ((_, write) => write());
  return underLock(sourceKey, () => attachOnce(options, request, content, sha256, sourceKey));
}

async function attachOnce(
  options: AttachOptions,
  request: AttachRequest,
  content: Buffer,
  sha256: string,
  sourceKey: string,
): Promise<AttachResult> {
  const plugin = options.step.plugin;
  const mapping = await options.mappings.get(plugin, sourceKey);
  if (mapping) return { action: 'unchanged', id: mapping.id, sha256 };
  const planned = isPlannedId(request.resourceId);
  const listings = options.listings ?? new AttachmentListings();
  const existing = planned ? null : await findSame(options.client, listings, request, content.length, sha256);
  if (existing) {
    await remember(options, sourceKey, request.resourceType, existing.id, sha256);
    return {
      action: 'unchanged',
      id: existing.id,
      sha256,
      ...(existing.downloadUrl ? { url: existing.downloadUrl } : {}),
    };
  }
  options.onPlanned?.({
    sourceKey,
    fileName: request.fileName,
    bytes: content.length,
    recordId: request.resourceId,
  });
  if (options.dryRun) return { action: 'created', sha256 };
  const uploaded = await createOnce<Listed>(
    async () => {
      await assertLockHeld(); // a run that lost its lock uploads nothing more (state/lock-context.ts)
      const a = await options.client.attachments.upload(request.resourceType, request.resourceId, content, {
        fileName: request.fileName,
      });
      return {
        id: String(a.id),
        name: a.attachmentFileName ?? a.name ?? request.fileName,
        bytes: a.attachmentFileSize ?? content.length,
        downloadUrl: a.downloadUrl ?? null,
      };
    },
    () => {
      listings.forget(request.resourceType, request.resourceId);
      return findSame(options.client, listings, request, content.length, sha256);
    },
    3,
  );
  listings.add(request.resourceType, request.resourceId, uploaded);
  await remember(options, sourceKey, request.resourceType, uploaded.id, sha256);
  await options.emit(
    entityEvent({
      type: 'attachment',
      action: 'created',
      source: `pipeline:${options.run.pipeline}`,
      at: new Date().toISOString(),
      instance: options.run.instance,
      record: {
        id: uploaded.id,
        name: uploaded.name,
        resourceType: request.resourceType,
        resourceId: request.resourceId,
        bytes: content.length,
        sha256,
      },
      plugin,
    }),
  );
  return {
    action: 'created',
    id: uploaded.id,
    sha256,
    ...(uploaded.downloadUrl ? { url: uploaded.downloadUrl } : {}),
  };
}

async function remember(
  options: AttachOptions,
  sourceKey: string,
  resourceType: string,
  id: string,
  sha256: string,
): Promise<void> {
  await options.mappings.set(options.step.plugin, sourceKey, {
    resourceType: resourceType as WritableResource,
    id,
    contentHash: sha256,
  });
}

/** An attachment of the record with the same name and size whose bytes hash to `sha256`. */
async function findSame(
  client: ITGlueClient,
  listings: AttachmentListings,
  request: AttachRequest,
  bytes: number,
  sha256: string,
): Promise<Listed | null> {
  const listed = await listings.of(client, request.resourceType, request.resourceId);
  const candidates = listed.filter(
    (a) => a.name === request.fileName && (a.bytes === null || a.bytes === bytes),
  );
  for (const candidate of candidates) {
    if (!candidate.downloadUrl) continue;
    if ((await listings.hashOf(client, candidate.downloadUrl)) === sha256) return candidate;
  }
  return null;
}

async function listAttachments(client: ITGlueClient, type: string, id: string): Promise<Listed[]> {
  const out: Listed[] = [];
  for await (const a of client.attachments.list(type, id)) {
    out.push({
      id: String(a.id),
      name: a.attachmentFileName ?? a.name ?? '',
      bytes: a.attachmentFileSize ?? null,
      downloadUrl: a.downloadUrl ?? null,
    });
  }
  return out;
}

async function hashOfDownload(client: ITGlueClient, url: string): Promise<string> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'glueflow-attachment-'));
  try {
    const file = path.join(dir, 'file');
    await client.attachments.download(url, file);
    const hash = createHash('sha256');
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
