import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context.js';
import type { ResourceDef } from '../resources/types.js';
import { RESOURCES } from '../resources/registry.js';
import { ATTACHABLE, RELATABLE } from '../resources/attachments.js';
import { isStrictBase64 } from '../resources/base64.js';
import { isPlainObject } from '../case.js';
import { fieldInvalid, referenceMissing } from '../errors.js';
import { presentRecord } from '../present.js';
import { createRecord, deleteRecord, updateRecord } from '../write/apply.js';
import { parseChanges } from '../write/parse.js';
import { apiRoute, type ApiResult } from './api-route.js';
import { apiActor, attributesOf, checkType, params, parseId, readData } from './body.js';
import { findRecord, listResult } from './handlers.js';

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  html: 'text/html',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
};

/** Attachments and related items hang off `/:resource_type/:id/relationships/...` of every attachable type. */
export function registerAttachmentRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  for (const type of ATTACHABLE) {
    const owner = RESOURCES[type];
    const files = `/${type}/:parentId/relationships/attachments`;
    const related = `/${type}/:parentId/relationships/related_items`;
    const child = (run: (request: FastifyRequest, key: string) => ApiResult) => (request: FastifyRequest) =>
      run(request, ownerKey(ctx, owner, request));
    const fileDef = RESOURCES.attachments;
    const itemDef = RESOURCES.related_items;
    apiRoute(
      app,
      ctx,
      'GET',
      files,
      child((request, key) => listResult(ctx, fileDef, request, ctx.store.owned('attachments', key), {})),
    );
    apiRoute(
      app,
      ctx,
      'GET',
      `${files}/:id`,
      child((request, key) => showOwned(ctx, fileDef, request, key)),
    );
    apiRoute(
      app,
      ctx,
      'POST',
      files,
      child((request, key) => createAttachments(ctx, owner, request, key)),
    );
    apiRoute(
      app,
      ctx,
      'PATCH',
      `${files}/:id`,
      child((request, key) => rename(ctx, request, key)),
    );
    apiRoute(
      app,
      ctx,
      'DELETE',
      files,
      child((request, key) => deleteOwned(ctx, fileDef, request, key)),
    );
    apiRoute(
      app,
      ctx,
      'POST',
      related,
      child((request, key) => createRelated(ctx, owner, request, key)),
    );
    apiRoute(
      app,
      ctx,
      'PATCH',
      `${related}/:id`,
      child((request, key) => updateNotes(ctx, request, key)),
    );
    apiRoute(
      app,
      ctx,
      'DELETE',
      related,
      child((request, key) => deleteOwned(ctx, itemDef, request, key)),
    );
  }
  // The download-url of an attachment: like the real (signed) URL it serves the bytes, but wants the API key.
  apiRoute(app, ctx, 'GET', '/downloads/attachments/:id', (request) => {
    const record = findRecord(ctx, RESOURCES.attachments, params(request).id);
    const name = String(record.attributes['attachment-file-name'] ?? 'attachment');
    return {
      status: 200,
      raw: {
        contentType: String(record.attributes['attachment-content-type'] ?? 'application/octet-stream'),
        payload: Buffer.from(String(record.attributes.content ?? ''), 'base64'),
        headers: { 'content-disposition': `attachment; filename="${name.replace(/"/g, '')}"` },
      },
    };
  });
}

function ownerKey(ctx: EmulatorContext, owner: ResourceDef, request: FastifyRequest): string {
  const id = parseId(owner, params(request).parentId);
  findRecord(ctx, owner, String(id));
  return `${owner.type}:${id}`;
}

function ownedRecord(ctx: EmulatorContext, def: ResourceDef, rawId: string | undefined, key: string) {
  const record = findRecord(ctx, def, rawId);
  const recordKey = `${String(record.attributes['resource-type'])}:${String(record.attributes['resource-id'])}`;
  if (recordKey !== key) return findRecord(ctx, def, '0');
  return record;
}

function showOwned(ctx: EmulatorContext, def: ResourceDef, request: FastifyRequest, key: string): ApiResult {
  return {
    status: 200,
    body: { data: presentRecord(ctx, ownedRecord(ctx, def, params(request).id, key), 'show') },
  };
}

function splitKey(key: string): { type: string; id: number } {
  const [type = '', id = '0'] = key.split(':');
  return { type, id: Number(id) };
}

function createAttachments(
  ctx: EmulatorContext,
  owner: ResourceDef,
  request: FastifyRequest,
  key: string,
): ApiResult {
  const data = readData(request.body);
  const def = RESOURCES.attachments;
  const planned = (Array.isArray(data) ? data : [data]).map((item) => {
    checkType(def, item);
    const file = attributesOf(item).attachment;
    const content = isPlainObject(file) ? file.content : undefined;
    const fileName = isPlainObject(file) ? (file.file_name ?? file['file-name']) : undefined;
    if (typeof content !== 'string' || !isStrictBase64(content)) {
      throw fieldInvalid(
        'attachment/content',
        'attachment content must be strict base64 (no line breaks or spaces)',
      );
    }
    if (typeof fileName !== 'string' || fileName.trim() === '') {
      throw fieldInvalid('attachment/file_name', 'attachment file_name must be present');
    }
    const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
    return {
      'resource-type': owner.type,
      'resource-id': splitKey(key).id,
      name: fileName,
      'attachment-file-name': fileName,
      'attachment-content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'attachment-file-size': Buffer.from(content, 'base64').length,
      content,
    };
  });
  const actor = apiActor(request);
  const shown = planned.map((attributes) =>
    presentRecord(ctx, createRecord(ctx, def, attributes, actor), 'show'),
  );
  return { status: 201, body: { data: Array.isArray(data) ? shown : shown[0] } };
}

/**
 * Attachments can only be renamed. The docs' parameter table also names the attachment in
 * `data.attributes.id` (their example leaves it out): both are accepted, a different id is a 422.
 */
function rename(ctx: EmulatorContext, request: FastifyRequest, key: string): ApiResult {
  const def = RESOURCES.attachments;
  const record = ownedRecord(ctx, def, params(request).id, key);
  const data = readData(request.body);
  const attributes = Array.isArray(data) ? {} : attributesOf(data);
  if (attributes.id != null && String(attributes.id) !== String(record.id)) {
    throw fieldInvalid(
      'id',
      `id ${String(attributes.id)} does not match the attachment in the URL (${record.id})`,
    );
  }
  const name = attributes.name;
  if (typeof name !== 'string' || name.trim() === '') throw fieldInvalid('name', "name can't be blank");
  updateRecord(ctx, def, record, { name }, apiActor(request));
  return { status: 200, body: { data: presentRecord(ctx, record, 'show') } };
}

function createRelated(
  ctx: EmulatorContext,
  owner: ResourceDef,
  request: FastifyRequest,
  key: string,
): ApiResult {
  const def = RESOURCES.related_items;
  const data = readData(request.body);
  const source = splitKey(key);
  const planned = (Array.isArray(data) ? data : [data]).map((item) => {
    checkType(def, item);
    const attributes = { ...attributesOf(item) };
    const destinationId = attributes.destination_id ?? attributes['destination-id'];
    if (typeof destinationId === 'number') attributes.destination_id = String(destinationId);
    delete attributes['destination-id'];
    const changes = parseChanges(ctx, def, attributes, { mode: 'create' });
    const target = RELATABLE[String(changes['destination-type'])];
    if (target && !ctx.store.get(target, Number(changes['destination-id']))) {
      throw referenceMissing(
        'destination-id',
        `${String(changes['destination-type'])} ${String(changes['destination-id'])} does not exist`,
      );
    }
    return { ...changes, 'resource-type': owner.type, 'resource-id': source.id };
  });
  for (const attributes of planned) createRecord(ctx, def, attributes, apiActor(request), true);
  const shown = planned.map((attributes) =>
    presentRecord(ctx, createRecord(ctx, def, attributes, apiActor(request)), 'show'),
  );
  return { status: 201, body: { data: Array.isArray(data) ? shown : shown[0] } };
}

/** Related items: only the notes change. */
function updateNotes(ctx: EmulatorContext, request: FastifyRequest, key: string): ApiResult {
  const def = RESOURCES.related_items;
  const record = ownedRecord(ctx, def, params(request).id, key);
  const data = readData(request.body);
  const attributes = Array.isArray(data) ? {} : attributesOf(data);
  const notes = attributes.notes;
  if (notes !== null && notes !== undefined && typeof notes !== 'string')
    throw fieldInvalid('notes', 'notes must be text');
  updateRecord(ctx, def, record, { notes: notes ?? null }, apiActor(request));
  return { status: 200, body: { data: presentRecord(ctx, record, 'show') } };
}

function deleteOwned(
  ctx: EmulatorContext,
  def: ResourceDef,
  request: FastifyRequest,
  key: string,
): ApiResult {
  const data = readData(request.body);
  const records = (Array.isArray(data) ? data : [data]).map((item) => {
    checkType(def, item);
    const id = attributesOf(item).id ?? item.id;
    return ownedRecord(ctx, def, id === undefined || id === null ? undefined : String(id), key);
  });
  const shown = records.map((record) => presentRecord(ctx, record, 'show'));
  for (const record of records) deleteRecord(ctx, def, record, apiActor(request));
  return { status: 200, body: { data: shown } };
}
