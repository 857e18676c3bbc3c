import type { FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context.js';
import type { StoredRecord } from '../store/store.js';
import type { ResourceDef } from '../resources/types.js';
import { RESOURCES } from '../resources/registry.js';
import { isPlainObject } from '../case.js';
import { badRequest, paramMissing, recordNotFound, ruleViolation } from '../errors.js';
import { parseFilters, single, splitValues, type ParsedFilters, type RawQuery } from '../query/params.js';
import { applyFilters } from '../query/filter.js';
import { applySort, parseSort } from '../query/sort.js';
import { paginate } from '../query/paginate.js';
import { presentRecord, withIncludes } from '../present.js';
import { parseChanges } from '../write/parse.js';
import { createRecord, deleteRecord, updateRecord } from '../write/apply.js';
import type { ApiResult } from './api-route.js';
import { apiActor, attributesOf, checkType, params, parseId, readData, type ResourceObject } from './body.js';

/** The parent of a nested route (`/organizations/:parentId/relationships/...`). */
export interface Parent {
  def: ResourceDef;
  id: number;
  key: string;
}

/** /logs answers pages 1–5 only. */
const LOG_PAGE_LIMIT = 5;

export function resolveParent(ctx: EmulatorContext, def: ResourceDef, request: FastifyRequest): Parent {
  if (!def.nested) throw new Error(`${def.type} has no nested routes`);
  const parentDef = RESOURCES[def.nested.parent];
  const id = parseId(parentDef, params(request).parentId);
  if (!ctx.store.get(parentDef.type, id)) throw recordNotFound(parentDef.label, id);
  return { def: parentDef, id, key: def.nested.key };
}

export function findRecord(
  ctx: EmulatorContext,
  def: ResourceDef,
  rawId: string | undefined,
  parent?: Parent,
) {
  const id = parseId(def, rawId);
  const record = ctx.store.get(def.type, id);
  if (!record || (parent && record.attributes[parent.key] !== parent.id)) throw recordNotFound(def.label, id);
  return record;
}

export function includeNames(query: RawQuery): string[] {
  const raw = single(query, 'include');
  return raw ? splitValues(raw) : [];
}

export function selfUrl(ctx: EmulatorContext, request: FastifyRequest): string {
  return `${ctx.baseUrl}${request.url.split('?')[0] ?? ''}`;
}

/** Index. Nested routes ignore filters, as IT Glue's do (documents' folder filter excepted). */
export function listRecords(
  ctx: EmulatorContext,
  def: ResourceDef,
  request: FastifyRequest,
  parent?: Parent,
) {
  const query = request.query as RawQuery;
  const filters = parseFilters(query);
  let records: readonly StoredRecord[];
  if (parent) {
    records = ctx.store.owned(def.type, String(parent.id));
    if (def.type === 'documents') records = inFolder(records, filters);
  } else {
    records = applyFilters(ctx, def, ctx.store.all(def.type), filters);
  }
  return listResult(ctx, def, request, records, parent ? {} : Object.fromEntries(filters.include));
}

export function listResult(
  ctx: EmulatorContext,
  def: ResourceDef,
  request: FastifyRequest,
  records: readonly StoredRecord[],
  appliedFilters: Record<string, string>,
): ApiResult {
  const query = request.query as RawQuery;
  const sorted = applySort(ctx, def, records, parseSort(def, single(query, 'sort')));
  const limit = def.type === 'logs' ? LOG_PAGE_LIMIT : undefined;
  const page = paginate(sorted, query, selfUrl(ctx, request), appliedFilters, limit);
  const data = page.items.map((record) => presentRecord(ctx, record, 'index'));
  const names = includeNames(query);
  const included = withIncludes(ctx, def, page.items, data, names);
  return {
    status: 200,
    body: { data, ...(names.length > 0 ? { included } : {}), meta: page.meta, links: page.links },
  };
}

/** Root-level documents only, unless a folder is asked for (`=null` lists them all). */
function inFolder(records: readonly StoredRecord[], filters: ParsedFilters): StoredRecord[] {
  const folder = filters.include.get('document_folder_id');
  if (folder === 'null') return [...records];
  if (folder === undefined)
    return records.filter((record) => record.attributes['document-folder-id'] == null);
  const wanted = new Set(splitValues(folder).map(Number));
  return records.filter((record) => wanted.has(Number(record.attributes['document-folder-id'])));
}

export function showRecord(ctx: EmulatorContext, def: ResourceDef, request: FastifyRequest, parent?: Parent) {
  const record = findRecord(ctx, def, params(request).id, parent);
  const query = request.query as RawQuery;
  // show_password defaults to true on show, and only show honours it.
  const showSecrets = def.type === 'passwords' && single(query, 'show_password') !== 'false';
  const data = presentRecord(ctx, record, 'show', showSecrets);
  const names = includeNames(query);
  if (def.type === 'documents' && !names.includes('sections')) names.push('sections');
  const included = withIncludes(ctx, def, [record], [data], names);
  return { status: 200, body: { data, ...(names.length > 0 ? { included } : {}) } };
}

interface PlannedCreate {
  changes: Record<string, unknown>;
  children: { def: ResourceDef; key: string; changes: Record<string, unknown> }[];
}

/** POST. An array body is a bulk create, allowed on nested routes only. Validates everything before writing. */
export function createRecords(
  ctx: EmulatorContext,
  def: ResourceDef,
  request: FastifyRequest,
  parent?: Parent,
) {
  const data = readData(request.body);
  if (Array.isArray(data) && !parent) {
    throw ruleViolation(`bulk action not allowed for ${def.label} using this route`);
  }
  const actor = apiActor(request);
  const planned = (Array.isArray(data) ? data : [data]).map((item) => planCreate(ctx, def, item, parent));
  const records = planned.map(({ changes, children }) => {
    const record = createRecord(ctx, def, changes, actor);
    for (const child of children)
      createRecord(ctx, child.def, { ...child.changes, [child.key]: record.id }, actor);
    return record;
  });
  const shown = records.map((record) => presentRecord(ctx, record, 'show'));
  return { status: 201, body: { data: Array.isArray(data) ? shown : shown[0] } };
}

function planCreate(
  ctx: EmulatorContext,
  def: ResourceDef,
  item: ResourceObject,
  parent?: Parent,
): PlannedCreate {
  checkType(def, item);
  const relationships = isPlainObject(item.relationships) ? item.relationships : {};
  if (def.type === 'document_sections' && 'resource' in relationships) {
    throw badRequest('relationships.resource is not allowed on sections: send attributes.resource_type');
  }
  const changes = parseChanges(ctx, def, item.attributes, { mode: 'create' });
  if (parent) changes[parent.key] = parent.id;
  createRecord(ctx, def, changes, apiActorless, true);
  const children: PlannedCreate['children'] = [];
  for (const [name, childType] of Object.entries(def.createWith ?? {})) {
    const relation = relationships[name] ?? relationships[name.replace(/_/g, '-')];
    const list = isPlainObject(relation) ? relation.data : undefined;
    if (!Array.isArray(list)) continue;
    const childDef = RESOURCES[childType];
    const key = childDef.nested?.key ?? '';
    for (const child of list) {
      const childChanges = parseChanges(ctx, childDef, isPlainObject(child) ? child.attributes : undefined, {
        mode: 'create',
      });
      delete childChanges[key];
      // The parent does not exist yet: validate against a placeholder id.
      createRecord(ctx, childDef, { ...childChanges, [key]: -1 }, apiActorless, true);
      children.push({ def: childDef, key, changes: childChanges });
    }
  }
  return { changes, children };
}

const apiActorless = { kind: 'api' } as const;

function rejectRelationships(item: ResourceObject): void {
  if (isPlainObject(item.relationships) && Object.keys(item.relationships).length > 0) {
    throw ruleViolation('relationships cannot be updated with PATCH');
  }
}

export function updateOne(ctx: EmulatorContext, def: ResourceDef, request: FastifyRequest, parent?: Parent) {
  const record = findRecord(ctx, def, params(request).id, parent);
  const data = readData(request.body);
  if (Array.isArray(data)) throw badRequest('data must be a single resource object on this route');
  checkType(def, data);
  rejectRelationships(data);
  const changes = parseChanges(ctx, def, data.attributes, { mode: 'update' });
  updateRecord(ctx, def, record, changes, apiActor(request));
  return { status: 200, body: { data: presentRecord(ctx, record, 'show') } };
}

/** Bulk PATCH: `data: [{type, attributes: {id, …}}]`, all validated before any is applied. */
export function bulkUpdate(ctx: EmulatorContext, def: ResourceDef, request: FastifyRequest) {
  const data = readData(request.body);
  if (!Array.isArray(data)) {
    throw badRequest(
      'bulk update takes data as an array of {type, attributes: {id, ...}} (filter-wide updates are not emulated)',
    );
  }
  const actor = apiActor(request);
  const planned = data.map((item) => {
    checkType(def, item);
    rejectRelationships(item);
    const record = findRecord(ctx, def, idOf(item));
    const changes = parseChanges(ctx, def, item.attributes, { mode: 'update' });
    updateRecord(ctx, def, record, changes, actor, true);
    return { record, changes };
  });
  for (const { record, changes } of planned) updateRecord(ctx, def, record, changes, actor);
  return { status: 200, body: { data: planned.map(({ record }) => presentRecord(ctx, record, 'show')) } };
}

function idOf(item: ResourceObject): string {
  const id = attributesOf(item).id ?? item.id;
  if (id === undefined || id === null) throw paramMissing('id');
  return String(id);
}

/** Bulk DELETE: `data: [{type, attributes: {id}}]`, or a filter on top-level routes — never both. */
export function bulkDelete(ctx: EmulatorContext, def: ResourceDef, request: FastifyRequest, parent?: Parent) {
  const filters = parseFilters(request.query as RawQuery);
  const hasFilter = filters.include.size > 0 && !parent;
  const hasData = isPlainObject(request.body) && request.body.data !== undefined;
  if (hasData && hasFilter) throw ruleViolation('data cannot be combined with filter');
  let records: StoredRecord[];
  if (hasData) {
    const data = readData(request.body);
    records = (Array.isArray(data) ? data : [data]).map((item) => {
      checkType(def, item);
      return findRecord(ctx, def, idOf(item), parent);
    });
  } else if (hasFilter) {
    records = [...applyFilters(ctx, def, ctx.store.all(def.type), filters)];
  } else {
    throw paramMissing('data');
  }
  const shown = records.map((record) => presentRecord(ctx, record, 'show'));
  const actor = apiActor(request);
  for (const record of records) {
    if (ctx.store.get(record.type, record.id)) deleteRecord(ctx, def, record, actor);
  }
  return { status: 200, body: { data: shown } };
}

export function destroyOne(ctx: EmulatorContext, def: ResourceDef, request: FastifyRequest, parent?: Parent) {
  const record = findRecord(ctx, def, params(request).id, parent);
  deleteRecord(ctx, def, record, apiActor(request));
  return { status: 204 };
}
