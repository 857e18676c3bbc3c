import { timestamp, type EmulatorContext } from '../context.js';
import type { StoredRecord } from '../store/store.js';
import type { ResourceDef } from '../resources/types.js';
import { RESOURCES, RESOURCE_TYPES } from '../resources/registry.js';
import { ATTACHABLE } from '../resources/attachments.js';
import { fieldInvalid } from '../errors.js';
import { planOf } from '../resources/plan.js';
import { applyDefaults, checkRequired } from './parse.js';
import { logActivity, type Actor } from './activity.js';
import { checkPsaLock } from './psa.js';

export function createRecord(
  ctx: EmulatorContext,
  def: ResourceDef,
  changes: Record<string, unknown>,
  actor: Actor,
  dryRun = false,
): StoredRecord {
  const next = planOf(def).store(changes);
  applyDefaults(def, next);
  next['created-at'] ??= timestamp(ctx.now());
  next['updated-at'] ??= next['created-at'];
  checkRequired(def, next);
  checkUnique(ctx, def, next);
  def.prepare?.({ ctx, mode: 'create', next, changes, byPerson: actor.kind !== 'api' });
  if (dryRun) return { type: def.type, id: 0, attributes: next };
  const record = ctx.store.insert(def.type, next);
  logActivity(ctx, actor, 'create', def, record);
  if (actor.kind === 'api') ctx.stats.recordChange('create');
  return record;
}

export function updateRecord(
  ctx: EmulatorContext,
  def: ResourceDef,
  record: StoredRecord,
  changes: Record<string, unknown>,
  actor: Actor,
  dryRun = false,
): StoredRecord {
  if (actor.kind === 'api') checkPsaLock(def, record, changes);
  const next = Object.assign(planOf(def).store(record.attributes), changes);
  next['updated-at'] = timestamp(
    Math.max(ctx.now(), Date.parse(String(record.attributes['updated-at'])) + 1),
  );
  checkRequired(def, next);
  checkUnique(ctx, def, next, record.id);
  def.prepare?.({ ctx, mode: 'update', next, changes, existing: record, byPerson: actor.kind !== 'api' });
  if (dryRun) return record;
  ctx.store.replace(record, next);
  logActivity(ctx, actor, 'update', def, record);
  if (actor.kind === 'api') ctx.stats.recordChange('update');
  return record;
}

/** Deletes a record and what hangs off it (an organization takes its assets along), logging the record itself. */
export function deleteRecord(
  ctx: EmulatorContext,
  def: ResourceDef,
  record: StoredRecord,
  actor: Actor,
): void {
  cascade(ctx, def, record);
  ctx.store.delete(def.type, record.id);
  logActivity(ctx, actor, 'delete', def, record);
  if (actor.kind === 'api') ctx.stats.recordChange('delete');
}

function cascade(ctx: EmulatorContext, def: ResourceDef, record: StoredRecord): void {
  for (const childType of RESOURCE_TYPES) {
    const child = RESOURCES[childType];
    if (child.nested?.parent !== def.type || typeof child.ownerKey !== 'string') continue;
    for (const item of ctx.store.owned(childType, String(record.id))) {
      cascade(ctx, child, item);
      ctx.store.delete(childType, item.id);
    }
  }
  if (ATTACHABLE.includes(def.type)) {
    for (const type of ['attachments', 'related_items'] as const) {
      for (const item of ctx.store.owned(type, `${def.type}:${record.id}`)) ctx.store.delete(type, item.id);
    }
  }
  if (def.type === 'flexible_asset_fields') dropTrait(ctx, record);
}

/** A deleted field takes its trait values with it. */
function dropTrait(ctx: EmulatorContext, field: StoredRecord): void {
  const key = String(field.attributes['name-key']);
  const typeId = field.attributes['flexible-asset-type-id'];
  for (const asset of ctx.store.all('flexible_assets')) {
    const traits = asset.attributes.traits as Record<string, unknown> | undefined;
    if (asset.attributes['flexible-asset-type-id'] !== typeId || !traits || !(key in traits)) continue;
    const { [key]: _dropped, ...rest } = traits;
    ctx.store.replace(asset, { ...asset.attributes, traits: rest });
  }
}

function checkUnique(
  ctx: EmulatorContext,
  def: ResourceDef,
  next: Record<string, unknown>,
  selfId?: number,
): void {
  if (!def.unique) return;
  const value = next[def.unique];
  if (typeof value !== 'string') return;
  const wanted = value.toLowerCase();
  const taken = ctx.store
    .all(def.type)
    .some(
      (other) => other.id !== selfId && String(other.attributes[def.unique ?? '']).toLowerCase() === wanted,
    );
  if (taken) throw fieldInvalid(def.unique, `${def.unique} has already been taken`);
}
