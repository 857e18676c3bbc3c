/**
 * `ctx.itglue`: what a step writes through, and the top of the write road (docs/architecture.md):
 *
 *   step → this facade → gate/write-gate.ts (decide, plan, journal, mappings, events)
 *        → records/record-backend.ts (lookups, presence, the trait merge) → @glueflow/itglue client
 *        → rate budget → transport
 *
 * Each method is one file of this folder: upsert (the gate), upsertDocument, ensureFlexibleAssetType,
 * attach and adopt. One WriteServices per runtime keeps what lives for one run — the records layer's
 * indexes, the flexible asset types ensured, each record's attachment listing, the plan entries — and
 * `forStep(scope)` builds one step's facade.
 */
import type { ITGlueClient } from '@glueflow/itglue';
import type { MetadataCache } from '../cache/metadata-cache.js';
import type { WriteScope } from '../engine/engine.js';
import type { PlanGuard } from '../engine/plan-guard.js';
import type { PlanEntry } from '../engine/plan-types.js';
import type { PlannedRecords } from '../engine/planned-records.js';
import type { StepItGlue } from '../engine/step-itglue.js';
import type { MappingStore, WriteJournal } from '../engine/write-backend.js';
import { adoptRecord } from './adopt.js';
import { AttachmentListings, attachFile } from './attach.js';
import { FlexibleAssetTypeRegistry } from './ensure-flexible-asset-type.js';
import { WriteGate } from './gate/write-gate.js';
import { ClientRecordBackend } from './records/record-backend.js';
import { documentUpsertRequest } from './upsert-document.js';
import { whileHolding } from '../state/lock-context.js';

export interface WriteServicesOptions {
  /** The client; the cache follows its writes (cache/follow-writes.ts). */
  client: ITGlueClient;
  cache: MetadataCache;
  /** Organization lookups trust the cache index pulled after this moment. */
  openedAt: Date;
  journal: WriteJournal;
  /** What the current dry run would create (shared with the dry run's plugin state). */
  planned: PlannedRecords;
  /** Every plugin's mappings; in a dry run they are kept in memory (runtime/dry-run-state.ts). */
  mappings(dryRun: boolean): MappingStore;
}

export class WriteServices {
  readonly #records: ClientRecordBackend;
  readonly #types = new Map<boolean, FlexibleAssetTypeRegistry>();
  /** Flexible asset type names by id (real or `planned:`), for plan hashes; see WriteGateOptions.typeName. */
  readonly #typeNames = new Map<string, string>();
  /** Each record's attachments, listed once per run (see attach.ts). */
  readonly #attachmentListings = new AttachmentListings();
  /** Plan entries of the current run; reset by `beginRun`. */
  planEntries: PlanEntry[] = [];
  /** Set while applying a saved plan: checks every write against it. */
  guard: PlanGuard | null = null;

  constructor(private readonly options: WriteServicesOptions) {
    this.#records = new ClientRecordBackend({
      client: options.client,
      cache: options.cache,
      indexFreshSince: options.openedAt,
    });
  }

  beginRun(guard: PlanGuard | null): void {
    this.#attachmentListings.clear();
    this.planEntries = [];
    this.guard = guard;
    this.#types.clear();
    this.#records.beginRun();
  }

  forStep(scope: WriteScope): StepItGlue {
    const { client } = this.options;
    const mappings = this.options.mappings(scope.dryRun);
    const record = (entry: PlanEntry) => this.planEntries.push(entry);
    const gate = new WriteGate({
      run: scope.run,
      step: scope.step,
      dryRun: scope.dryRun,
      hooks: scope.hooks,
      records: this.#records,
      mappings,
      journal: this.options.journal,
      emit: scope.emit,
      count: scope.count,
      report: scope.report,
      typeName: (id) => this.#typeNames.get(id),
      secretDigest: (value) => client.secretDigest(value),
      loadSecretKeys: (typeId) => client.secretTraits.load(typeId),
      planned: this.options.planned,
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
      upsert: (request) => underItemLock(scope, request.sourceKey, () => gate.upsert(request)),
      endStep: () => gate.endStep(),
      unchangedSince: (probe) => gate.unchangedSince(probe),
      upsertDocument: (request) =>
        underItemLock(scope, request.sourceKey, () => gate.upsert(documentUpsertRequest(client, request))),
      ensureFlexibleAssetType: (spec) =>
        types.ensure(spec, (folded, ensure) => underLock(scope, `flexible-asset-type:${folded}`, ensure)),
      adopt: (sourceKey, adopted) => adoptRecord(mappings, scope.step.plugin, sourceKey, adopted),
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
            underLock: (sourceKey, write) => underItemLock(scope, sourceKey, write),
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
 * When other runs may write the same things at once (the batches of a split run, any run on a shared
 * Redis state — see WriteScope.writeLock), each item is written holding its own lock, on top of the
 * pipeline lock when there is one: every IT Glue write checks both right before it is sent and the
 * Redis state fences its commits with both (state/lock-context.ts). Two runs never write one item at
 * once, and the second finds the first's mapping.
 */
function underItemLock<T>(scope: WriteScope, sourceKey: string, write: () => Promise<T>): Promise<T> {
  return underLock(scope, `item:${scope.run.pipeline}:${scope.step.plugin}:${sourceKey}`, write);
}

async function underLock<T>(scope: WriteScope, name: string, write: () => Promise<T>): Promise<T> {
  if (!scope.writeLock) return write();
  const lock = await scope.writeLock(name);
  try {
    return await whileHolding(lock, write);
  } finally {
    await lock.release().catch(() => undefined); // expires by itself
  }
}
