/**
 * The engine's StepServices over the real layers: the write gate on a client-backed RecordBackend,
 * the state store's mappings and journal, the metadata cache, flexible asset types, attachments and
 * documents. One instance per runtime; `itglue(scope)` is called once per step.
 */
import type { MetadataCache } from '../cache/metadata-cache.js';
import type { ITGlueClient } from '@glueflow/itglue';
import type { StepServices, WriteScope } from '../engine/engine.js';
import type { RequestStats } from '../engine/hook-types.js';
import type { PlanEntry } from '../engine/plan-types.js';
import type { StepItGlue } from '../engine/step-itglue.js';
import { WriteGate } from '../engine/write-gate.js';
import type { PluginState } from '../state/plugin-state.js';
import type { Mapping } from '../state/state-values.js';
import type { StateStore } from '../state/state-store.js';
import { AttachmentListings, attachFile } from './attachments.js';
import { documentUpsertRequest } from './documents.js';
import { FlexibleAssetTypeRegistry } from './flexible-asset-types.js';
import type { PlanGuard } from '../engine/plan-guard.js';
import { PlannedRecords } from '../engine/planned-records.js';
import { ClientRecordBackend } from './record-backend.js';

export interface RuntimeServicesOptions {
  /** The client; the cache follows its writes (cache/follow-writes.ts). */
  client: ITGlueClient;
  cache: MetadataCache;
  state: StateStore;
  /** Counted by the transport bridge. */
  requestStats(): RequestStats;
  /** Organization lookups trust the cache index pulled after this moment. */
  openedAt: Date;
}

export class RuntimeServices implements StepServices {
  readonly cache: MetadataCache;
  readonly #records: ClientRecordBackend;
  readonly #types = new Map<boolean, FlexibleAssetTypeRegistry>();
  /** Flexible asset type names by id (real or `planned:`), for plan hashes; see WriteGateOptions.typeName. */
  readonly #typeNames = new Map<string, string>();
  /** What the current dry run would create; reset by `beginRun`. */
  readonly #planned = new PlannedRecords();
  /** Plan entries of the current run; reset by `beginRun`. */
  planEntries: PlanEntry[] = [];
  /** Set while applying a saved plan: checks every write against it. */
  guard: PlanGuard | null = null;

  constructor(private readonly o: RuntimeServicesOptions) {
    this.cache = o.cache;
    this.#records = new ClientRecordBackend({
      client: o.client,
      cache: o.cache,
      indexFreshSince: o.openedAt,
    });
  }

  /** Each record's attachments, listed once per run (see runtime/attachments.ts). */
  readonly #attachmentListings = new AttachmentListings();

  beginRun(guard: PlanGuard | null = null): void {
    this.#attachmentListings.clear();
    this.planEntries = [];
    this.#planned.clear();
    this.guard = guard;
    this.#types.clear();
    this.#records.beginRun();
  }

  requestStats(): RequestStats {
    return this.o.requestStats();
  }

  state(plugin: string, dryRun = false): PluginState {
    const state = this.o.state.forPlugin(plugin);
    return dryRun ? withPlannedMappings(state, this.#planned) : state;
  }

  itglue(scope: WriteScope): StepItGlue {
    const { client, state } = this.o;
    const record = (entry: PlanEntry) => this.planEntries.push(entry);
    const gate = new WriteGate({
      run: scope.run,
      step: scope.step,
      dryRun: scope.dryRun,
      hooks: scope.hooks,
      records: this.#records,
      mappings: state.mappings,
      journal: state.journal,
      emit: scope.emit,
      count: scope.count,
      report: scope.report,
      typeName: (id) => this.#typeNames.get(id),
      secretDigest: (value) => client.secretDigest(value),
      secretTraits: (typeId) => client.secretTraits.load(typeId),
      planned: this.#planned,
      onDeleted: scope.onDeleted,
      onPlanEntry: record,
      ...(this.guard ? { guard: this.guard } : {}),
    });
    let types = this.#types.get(scope.dryRun);
    if (!types) {
      types = new FlexibleAssetTypeRegistry({
        client,
        dryRun: scope.dryRun,
        onEnsured: ({ id, name }) => this.#typeNames.set(id, name),
        onPlanned: ({ type, action, fields }) =>
          record(
            sideEntry(scope, `flexible-asset-type:${type}`, action, 'flexible_asset_types', type, fields),
          ),
      });
      this.#types.set(scope.dryRun, types);
    }
    return {
      read: client,
      upsert: (request) => gate.upsert(request),
      unchangedSince: (probe) => gate.unchangedSince(probe),
      upsertDocument: (request) => gate.upsert(documentUpsertRequest(client, request)),
      ensureFlexibleAssetType: (spec) => types.ensure(spec),
      attach: (request) =>
        attachFile(
          {
            client,
            mappings: state.mappings,
            run: scope.run,
            step: scope.step,
            dryRun: scope.dryRun,
            emit: scope.emit,
            listings: this.#attachmentListings,
            onPlanned: ({ sourceKey, fileName, bytes, recordId }) =>
              record(
                sideEntry(scope, sourceKey, 'create', 'attachments', fileName, [`${bytes} bytes`], recordId),
              ),
          },
          request,
        ),
    };
  }
}

/** Plan entries for writes that are not records of their own: flexible asset types, attachments. */
function sideEntry(
  scope: WriteScope,
  sourceKey: string,
  action: 'create' | 'update',
  resourceType: 'flexible_asset_types' | 'attachments',
  name: string,
  details: string[],
  recordId?: string,
): PlanEntry {
  return {
    plugin: scope.step.plugin,
    step: scope.step.step,
    sourceKey,
    action,
    request: { sourceKey, resourceType, naturalKey: { name }, attributes: {} },
    ...(recordId ? { recordId } : {}),
    changes: details.map((detail) => ({
      field: resourceType === 'attachments' ? 'file' : 'field',
      before: null,
      after: detail,
    })),
    warnings: [],
  };
}

/**
 * A dry run's view of a plugin's state: its mappings plus what this dry run would create, so a later
 * step finds the record an earlier one plans (see planned-records.ts). A planned create wins over a
 * stored mapping: that mapping's record was deleted in IT Glue, and the plan re-creates it. Only reads
 * change.
 */
function withPlannedMappings(state: PluginState, planned: PlannedRecords): PluginState {
  const { mappings } = state;
  const mine = () => planned.of(state.plugin);
  async function* list(): AsyncIterable<[string, Mapping]> {
    const plannedNow = mine();
    for await (const [sourceKey, mapping] of mappings.list()) {
      if (!plannedNow.has(sourceKey)) yield [sourceKey, mapping];
    }
    yield* plannedNow;
  }
  return Object.freeze({
    ...state,
    mappings: Object.freeze({
      ...mappings,
      get: async (sourceKey: string) => mine().get(sourceKey) ?? (await mappings.get(sourceKey)),
      list,
      count: async () => {
        let count = 0;
        for await (const _entry of list()) count += 1;
        return count;
      },
    }),
  });
}
