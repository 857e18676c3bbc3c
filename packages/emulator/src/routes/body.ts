import type { FastifyRequest } from 'fastify';
import { isPlainObject } from '../case.js';
import { badRequest, paramMissing, recordNotFound, wrongType } from '../errors.js';
import type { ResourceDef } from '../resources/types.js';
import type { Actor } from '../write/activity.js';

export const JSONAPI = 'application/vnd.api+json; charset=utf-8';

export interface ResourceObject {
  type?: unknown;
  id?: unknown;
  attributes?: unknown;
  relationships?: unknown;
}

/** `data` of a JSON:API body: one resource object or (bulk) an array of them. */
export function readData(body: unknown): ResourceObject | ResourceObject[] {
  const data = isPlainObject(body) ? body.data : undefined;
  if (Array.isArray(data)) {
    if (data.length === 0) throw paramMissing('data');
    if (!data.every(isPlainObject)) throw badRequest('data must hold resource objects');
    return data as ResourceObject[];
  }
  if (!isPlainObject(data)) throw paramMissing('data');
  return data as ResourceObject;
}

export function checkType(def: ResourceDef, item: ResourceObject): void {
  if (item.type === undefined) return;
  const type = typeof item.type === 'string' ? item.type.replace(/_/g, '-') : item.type;
  if (type !== def.jsonType) throw wrongType(def.jsonType, item.type);
}

export function attributesOf(item: ResourceObject): Record<string, unknown> {
  return isPlainObject(item.attributes) ? item.attributes : {};
}

/** Ids in URLs are numeric; anything else cannot name a record. */
export function parseId(def: ResourceDef, raw: string | undefined): number {
  const id = Number(raw);
  if (!raw || !Number.isInteger(id) || id <= 0) throw recordNotFound(def.label, raw ?? '');
  return id;
}

export function params(request: FastifyRequest): { id?: string; parentId?: string } {
  return request.params as { id?: string; parentId?: string };
}

export function apiActor(request: FastifyRequest): Actor {
  const agent = request.headers['user-agent'];
  return { kind: 'api', userAgent: typeof agent === 'string' ? agent : undefined, ip: request.ip };
}
