import type { EmulatorContext } from './context.js';
import type {
  EmulatorAdmin,
  EmulatorConfigPatch,
  FaultConfig,
  FaultRule,
  JsonApiResource,
  SeedRequest,
} from './types.js';
import type { GateState } from './gate.js';
import type { ResourceDef } from './resources/types.js';
import { RESOURCES, RESOURCE_TYPES, findResource } from './resources/registry.js';
import { presentRecord } from './present.js';
import { parseChanges } from './write/parse.js';
import { createRecord, deleteRecord, updateRecord } from './write/apply.js';
import { PERSON, SYSTEM } from './write/activity.js';
import { withImpliedPsaStatus } from './write/psa.js';
import { parseFaultSpec } from './faults.js';
import { seedLookups } from './seed/lookups.js';
import { generateSeed } from './seed/generate.js';
import { EmulatorUsageError } from './usage-error.js';

/** Operations outside the API, shared by the programmatic facade and the HTTP admin routes. */
export function createAdmin(ctx: EmulatorContext, gate: GateState, defaultSeed: number): EmulatorAdmin {
  const resource = (type: string): ResourceDef => {
    const def = findResource(type);
    if (!def) {
      throw new EmulatorUsageError(
        'EEMULATOR_UNKNOWN_TYPE',
        `Unknown resource type "${type}"`,
        `One of: ${RESOURCE_TYPES.join(', ')}`,
      );
    }
    return def;
  };
  const record = (def: ResourceDef, id: string | number) => {
    const found = ctx.store.get(def.type, Number(id));
    if (!found)
      throw new EmulatorUsageError('EEMULATOR_NOT_FOUND', `No ${def.type} record with id ${String(id)}`);
    return found;
  };

  return {
    async reset() {
      ctx.store.clear();
      seedLookups(ctx);
      ctx.stats.reset();
      gate.limiter.reset();
      gate.faults.clear();
      await ctx.flush();
    },

    async dump() {
      const state: Record<string, JsonApiResource[]> = {};
      for (const type of RESOURCE_TYPES) {
        state[RESOURCES[type].jsonType] = ctx.store.all(type).map((item) => presentRecord(ctx, item, 'dump'));
      }
      return state;
    },

    stats: () => ctx.stats.snapshot(),
    resetStats: () => ctx.stats.reset(),

    configure(patch: EmulatorConfigPatch) {
      if (patch.faults !== undefined) gate.faults.configure(toFaultConfig(patch.faults));
      if (patch.rateLimit) gate.limiter.configure(patch.rateLimit);
      if (patch.latencyMs !== undefined) gate.latencyMs = Math.max(0, patch.latencyMs);
      if (patch.apiKeys) gate.apiKeys = new Set(patch.apiKeys);
    },

    async mutate(type, id, attributes) {
      const def = resource(type);
      const target = record(def, id);
      const parsed = parseChanges(ctx, def, attributes, { mode: 'update', trusted: true });
      updateRecord(ctx, def, target, withImpliedPsaStatus(def, parsed, target), PERSON);
      await ctx.flush();
      return presentRecord(ctx, target, 'dump');
    },

    async remove(type, id) {
      const def = resource(type);
      deleteRecord(ctx, def, record(def, id), PERSON);
      await ctx.flush();
    },

    async insert(type, list) {
      const def = resource(type);
      if (!Array.isArray(list))
        throw new EmulatorUsageError('EEMULATOR_BAD_INSERT', 'insert takes an array of attribute objects');
      const ids = list.map((attributes) => {
        const changes = parseChanges(ctx, def, attributes, { mode: 'create', trusted: true });
        return String(createRecord(ctx, def, withImpliedPsaStatus(def, changes), SYSTEM).id);
      });
      await ctx.flush();
      return ids;
    },

    async seed(request: SeedRequest) {
      for (const key of ['organizations', 'perOrganization'] as const) {
        if (!Number.isInteger(request[key]) || request[key] < 0) {
          throw new EmulatorUsageError('EEMULATOR_BAD_SEED', `seed ${key} must be a non-negative integer`);
        }
      }
      const result = generateSeed(ctx, request, defaultSeed);
      await ctx.flush();
      return result;
    },

    enqueueFault(rule: FaultRule) {
      gate.faults.enqueue(rule);
    },
  };
}

export function toFaultConfig(faults: string | FaultConfig | null | undefined): FaultConfig {
  if (faults == null) return {};
  return typeof faults === 'string' ? parseFaultSpec(faults) : faults;
}
