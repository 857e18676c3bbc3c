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
import type { StateStore } from '../state/state-store.js';
import { AttachmentListings, attachFile } from './attachments.js';
import { documentUpsertRequest } from './documents.js';
import { FlexibleAssetTypeRegistry } from './flexible-asset-types.js';
import type { PlanGuard } from '../engine/plan-guard.js';
import { PlannedRecords } from '../engine/planned-records.js';
import { ClientRecordBackend } from './record-backend.js';
import { dryRunState, emptyDryRunWrites } from './dry-run-state.js';
import type { DryRunWrites } from './dry-run-state.js';
import type { MappingStore } from '../engine/write-backend.js';

/** The content hash of an adopted record's mapping: matches no content, so the next write compares live. */
const ADOPTED = 'adopted';

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
  /** What the current dry run's plugins wrote to their state (kept in memory); reset by `beginRun`. */
  readonly #dryRunWrites = new Map<string, DryRunWrites>();
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
    this.#dryRunWrites.clear();
    this.guard = guard;
    this.#types.clear();
    this.#records.beginRun();
  }

  requestStats(): RequestStats {
    return this.o.requestStats();
  }

  /** A plugin's state; in a dry run, reads see the store and writes stay in memory (dry-run-state.ts). */
  state(plugin: string, dryRun = false): PluginState {
    const state = this.o.state.forPlugin(plugin);
    if (!dryRun) return state;
    let writes = this.#dryRunWrites.get(plugin);
    if (!writes) this.#dryRunWrites.set(plugin, (writes = emptyDryRunWrites()));
    return dryRunState(state, writes, this.#planned);
  }

  /** The mappings the write gate and attachments use: every plugin's, through `state()`. */
  #mappings(dryRun: boolean): MappingStore {
    return {
      get: (plugin, sourceKey) => this.state(plugin, dryRun).mappings.get(sourceKey),
      set: (plugin, sourceKey, mapping) => this.state(plugin, dryRun).mappings.set(sourceKey, mapping),
      delete: (plugin, sourceKey) => this.state(plugin, dryRun).mappings.delete(sourceKey),
    };
  }

  itglue(scope: WriteScope): StepItGlue {
    const { client, state } = this.o;
    const mappings = this.#mappings(scope.dryRun);
    const record = (entry: PlanEntry) => this.planEntries.push(entry);
    const gate = new WriteGate({
      run: scope.run,
      step: scope.step,
      dryRun: scope.dryRun,
      hooks: scope.hooks,
      records: this.#records,
      mappings,
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
      adopt: async (sourceKey, record) => {
        const current = await mappings.get(scope.step.plugin, sourceKey);
        if (current?.id === record.id && current.resourceType === record.resourceType) return;
        // A hash no content has: the next upsert compares with the live record and updates it.
        await mappings.set(scope.step.plugin, sourceKey, { ...record, contentHash: ADOPTED });
      },
      attach: (request) =>
        attachFile(
          {
            client,
            mappings,
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
