import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context.js';
import type { ResourceDef, RouteSpec } from '../resources/types.js';
import { RESOURCES } from '../resources/registry.js';
import { timestamp } from '../context.js';
import { presentRecord } from '../present.js';
import { updateRecord } from '../write/apply.js';
import { apiRoute } from './api-route.js';
import { apiActor, params } from './body.js';
import {
  bulkDelete,
  bulkUpdate,
  createRecords,
  destroyOne,
  findRecord,
  listRecords,
  resolveParent,
  showRecord,
  updateOne,
  type Parent,
} from './handlers.js';

/** Every resource's routes, exactly the verbs its definition lists: the rest falls to the HTML 404. */
export function registerResourceRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  for (const def of Object.values(RESOURCES)) {
    registerSet(app, ctx, def, `/${def.type}`, def.routes, () => undefined);
    if (def.nested) {
      const base = `/${def.nested.parent}/:parentId/relationships/${def.nested.segment ?? def.type}`;
      registerSet(app, ctx, def, base, def.nested.routes, (request) => resolveParent(ctx, def, request));
    }
  }
  registerPublish(app, ctx);
}

function registerSet(
  app: FastifyInstance,
  ctx: EmulatorContext,
  def: ResourceDef,
  base: string,
  routes: RouteSpec,
  parentOf: (request: FastifyRequest) => Parent | undefined,
): void {
  const on = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, run: typeof listRecords) =>
    apiRoute(app, ctx, method, url, (request) => run(ctx, def, request, parentOf(request)));
  if (routes.index) on('GET', base, listRecords);
  if (routes.show) on('GET', `${base}/:id`, showRecord);
  if (routes.create) on('POST', base, createRecords);
  if (routes.update) on('PATCH', `${base}/:id`, updateOne);
  if (routes.destroy) on('DELETE', `${base}/:id`, destroyOne);
  if (routes.bulkUpdate) on('PATCH', base, (c, d, request) => bulkUpdate(c, d, request));
  if (routes.bulkDelete) on('DELETE', base, bulkDelete);
}

/** Publishing must be a PATCH (a POST gets the HTML 404, as on the real API). */
function registerPublish(app: FastifyInstance, ctx: EmulatorContext): void {
  const def = RESOURCES.documents;
  const publish = (request: FastifyRequest, parent?: Parent) => {
    const record = findRecord(ctx, def, params(request).id, parent);
    const now = timestamp(ctx.now());
    updateRecord(ctx, def, record, { published: true, 'published-at': now }, apiActor(request));
    return { status: 200, body: { data: presentRecord(ctx, record, 'show') } };
  };
  apiRoute(app, ctx, 'PATCH', '/documents/:id/publish', (request) => publish(request));
  apiRoute(app, ctx, 'PATCH', '/organizations/:parentId/relationships/documents/:id/publish', (request) =>
    publish(request, resolveParent(ctx, def, request)),
  );
}
