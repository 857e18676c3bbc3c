/**
 * `attach`: a file goes onto a record once. Its identity is its sha256 within that record:
 * - a mapping `attachment:<type>:<id>:<sha256>` in the plugin's state → nothing is sent;
 * - no mapping (lost state, a new machine): the record's attachments with the same file name and size
 *   are downloaded and hashed — a match is adopted, not uploaded again;
 * - an upload that failed ambiguously is looked up the same way before it is retried.
 * In a dry run the upload is planned and nothing is read beyond the listing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ITGlueClient } from '../client/itglue-client.js';
import { maxUploadBytes } from '../client/resources/upload-source.js';
import { isAmbiguousWriteError } from '../engine/ambiguous.js';
import type { EmittableEvent } from '../engine/event-emitter.js';
import { contentHash } from '../engine/content-hash.js';
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
}

interface Listed {
  id: string;
  name: string;
  bytes: number | null;
  downloadUrl: string | null;
}

export async function attachFile(o: AttachOptions, request: AttachRequest): Promise<AttachResult> {
  const content = Buffer.from(request.content);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const plugin = o.step.plugin;
  const sourceKey = `attachment:${request.resourceType}:${request.resourceId}:${sha256}`;
  const limit = maxUploadBytes(request.fileName);
  if (content.length > limit) {
    return {
      action: 'skipped',
      sha256,
      reason: `${request.fileName} is ${content.length} bytes; IT Glue takes at most ${limit} in one request (after base64)`,
    };
  }
  const mapping = await o.mappings.get(plugin, sourceKey);
  if (mapping) return { action: 'unchanged', id: mapping.id, sha256 };
  const planned = request.resourceId.startsWith('planned:');
  const existing = planned ? null : await findSame(o.client, request, content.length, sha256);
  if (existing) {
    if (!o.dryRun) await remember(o, sourceKey, request.resourceType, existing.id, sha256);
    return {
      action: 'unchanged',
      id: existing.id,
      sha256,
      ...(existing.downloadUrl ? { url: existing.downloadUrl } : {}),
    };
  }
  o.onPlanned?.({
    sourceKey,
    fileName: request.fileName,
    bytes: content.length,
    recordId: request.resourceId,
  });
  if (o.dryRun) return { action: 'created', sha256 };
  let uploaded: Listed | null = null;
  for (let attempt = 1; !uploaded; attempt++) {
    try {
      const a = await o.client.attachments.upload(request.resourceType, request.resourceId, content, {
        fileName: request.fileName,
      });
      uploaded = {
        id: String(a.id),
        name: a.attachmentFileName ?? a.name ?? request.fileName,
        bytes: a.attachmentFileSize ?? content.length,
        downloadUrl: a.downloadUrl ?? null,
      };
    } catch (error) {
      if (!isAmbiguousWriteError(error) || attempt >= 3) throw error;
      uploaded = await findSame(o.client, request, content.length, sha256);
    }
  }
  await remember(o, sourceKey, request.resourceType, uploaded.id, sha256);
  const at = new Date().toISOString();
  await o.emit({
    id: contentHash([o.run.instance, 'attachment', uploaded.id, 'created']).slice(0, 32),
    type: 'attachment',
    action: 'created',
    source: `pipeline:${o.run.pipeline}`,
    at,
    instance: o.run.instance,
    recordId: uploaded.id,
    record: {
      id: uploaded.id,
      name: uploaded.name,
      resourceType: request.resourceType,
      resourceId: request.resourceId,
      bytes: content.length,
      sha256,
    },
    plugin,
  } as EmittableEvent);
  return {
    action: 'created',
    id: uploaded.id,
    sha256,
    ...(uploaded.downloadUrl ? { url: uploaded.downloadUrl } : {}),
  };
}

async function remember(
  o: AttachOptions,
  sourceKey: string,
  resourceType: string,
  id: string,
  sha256: string,
): Promise<void> {
  await o.mappings.set(o.step.plugin, sourceKey, {
    resourceType: resourceType as WritableResource,
    id,
    contentHash: sha256,
  });
}

/** An attachment of the record with the same name and size whose bytes hash to `sha256`. */
async function findSame(
  client: ITGlueClient,
  request: AttachRequest,
  bytes: number,
  sha256: string,
): Promise<Listed | null> {
  const candidates: Listed[] = [];
  for await (const a of client.attachments.list(request.resourceType, request.resourceId)) {
    const name = a.attachmentFileName ?? a.name ?? '';
    if (name === request.fileName && (a.attachmentFileSize == null || a.attachmentFileSize === bytes)) {
      candidates.push({
        id: String(a.id),
        name,
        bytes: a.attachmentFileSize ?? null,
        downloadUrl: a.downloadUrl ?? null,
      });
    }
  }
  for (const candidate of candidates) {
    if (!candidate.downloadUrl) continue;
    if ((await hashOfDownload(client, candidate.downloadUrl)) === sha256) return candidate;
  }
  return null;
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
