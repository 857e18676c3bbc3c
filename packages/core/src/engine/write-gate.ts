/**
 * Duplicate-free writes, the core promise. For every write a step asks for (keyed by `sourceKey`):
 * - mapping + same content hash + the record still exists → nothing is sent (an unchanged re-run costs
 *   zero writes; whether it exists comes from one listing per scope and run, not a read per item);
 * - mapping → update (flexible-asset traits merged with the live set, since IT Glue's PATCH deletes
 *   omitted traits);
 * - a mapped record a person deleted in IT Glue → created again and counted `recreated`, or left deleted
 *   and reported (`onDeleted: report`);
 * - no mapping (new machine, lost state) → look the record up by its natural key and adopt it;
 * - otherwise create, journaled first; after an ambiguous failure (timeout, reset, 502 after commit)
 *   the record is looked up again and adopted before any retry — so faults never duplicate.
 * In a dry run the same decisions become plan entries and nothing is written anywhere.
 */
import { createError } from '../errors/catalogue.js';
import { createOnce } from './ambiguous.js';
import type { EmittableEvent } from './event-emitter.js';
import type { EntityType } from './events.js';
import { entityEvent } from './events.js';
import { hookEntityOf, resourceType } from '@glueflow/itglue';
import type { SecretTraitKeys } from '@glueflow/itglue';
import type { EngineHooks } from './hooks.js';
import type { ItemCounts, ItemMessage, PlannedWrite, RunInfo, StepInfo } from './hook-types.js';
import type { PlanGuard } from './plan-guard.js';
import type { OnDeleted } from './on-deleted.js';
import { isPlannedId, plannedRecordId } from './planned-records.js';
import type { PlannedRecords } from './planned-records.js';
import { contentHash } from './content-hash.js';
import {
  digestSecrets,
  fingerprintHashOf,
  maskSecretChange,
  planRequest,
  sourceHashOf,
} from './plan-hashes.js';
import type { FieldChange, PlanEntry } from './plan-types.js';
import { diff, emptiedTraits } from './record-diff.js';
import { RunItems } from './run-items.js';
import type {
  GateRecord,
  Mapping,
  MappingStore,
  NaturalKey,
  RecordBackend,
  RecordScope,
  WriteJournal,
} from './write-backend.js';
import type { SourceProbe, StepWrites, UpsertRequest, UpsertResult } from './write-types.js';

const MAX_CREATE_ATTEMPTS = 3;

export interface WriteGateOptions {
  run: RunInfo;
  step: StepInfo;
  dryRun: boolean;
  hooks: EngineHooks;
  records: RecordBackend;
  mappings: MappingStore;
  journal: WriteJournal;
  emit(event: EmittableEvent): Promise<void>;
  count(outcome: keyof ItemCounts): void;
  /** Receives plan entries (always in dry runs; also in real runs, for the record). */
  onPlanEntry?(entry: PlanEntry): void;
  /**
   * The name of a flexible asset type the run ensured, by id: plans hash the type by name, since a type
   * a dry run would create has the id `planned:<name>` in the plan and a real id when the plan is applied.
   */
  typeName?(id: string): string | undefined;
  /** Applying a saved plan: every write is checked against it (see plan-guard.ts). */
  guard?: PlanGuard;
  /** A dry run's creates, so later steps can build on them (see planned-records.ts). */
  planned?: PlannedRecords;
  /** Where refusals (plan conflicts) are reported; they count as failed items. */
  report?(message: ItemMessage): void;
  /** Marks flexible assets from document sources so they fire onDocumentCreated. */
  documentSource?: boolean;
  /**
   * Keyed digest of a secret value (the client's `secretDigest`): the content hash kept in state covers
   * it instead of the value, so a changed password is still noticed but the stored hash cannot be used to
   * test guesses. Without it (unit tests) the value itself is hashed.
   */
  secretDigest?: (value: string) => string;
  /**
   * The Password-kind trait keys of a flexible asset type (the client's `secretTraits.load`): those
   * traits are digested in state, masked in plans and left out of events like a password's value.
   */
  secretTraits?: (flexibleAssetTypeId: string) => Promise<SecretTraitKeys>;
  /** The step's `onDeleted` (see on-deleted.ts); default `recreate`. */
  onDeleted?: OnDeleted;
  now?: () => Date;
}

export { diff };

export class WriteGate implements StepWrites {
  /** Secret trait keys per flexible asset type, loaded once per type by `upsert`. */
  readonly #secretTraits = new Map<string, SecretTraitKeys>();
  /** Items of this step's run, each counted once (see run-items.ts). */
  readonly #items: RunItems;

  constructor(private readonly o: WriteGateOptions) {
    this.#items = new RunItems((outcome) => o.count(outcome));
  }

  async upsert(request: UpsertRequest): Promise<UpsertResult> {
    // A dry run cannot write an item twice (links to records it plans have no target yet): its second
    // write is noted on the first entry.
    const again = this.o.dryRun ? this.#items.plannedAgain(request) : undefined;
    if (again) return again;
    const plugin = this.o.step.plugin;
    const typeId = request.flexibleAssetTypeId;
    if (typeId && !isPlannedId(typeId) && this.o.secretTraits && !this.#secretTraits.has(typeId))
      this.#secretTraits.set(typeId, await this.o.secretTraits(typeId));
    // The hash is of what the step asked for (before beforeWrite), so an unchanged source stays unchanged.
    const hash = contentHash({
      resourceType: request.resourceType,
      organizationId: request.organizationId,
      flexibleAssetTypeId: request.flexibleAssetTypeId,
      attributes: digestSecrets(request.attributes, this.o.secretDigest, this.secretsOf(request)),
      ...(request.fingerprint === undefined ? {} : { fingerprint: request.fingerprint }),
    });
    const stored = await this.o.mappings.get(plugin, request.sourceKey);
    // A mapping to a record of another type (one source written as two kinds of record) is not this
    // record's: following its id would read — and update — an unrelated record that shares the number.
    const mapping = stored && stored.resourceType === request.resourceType ? stored : undefined;
    // The record this item was written to, deleted in IT Glue since (by a person, in the web UI).
    let deleted: Mapping | undefined;
    if (mapping && mapping.contentHash === hash) {
      if (await this.o.records.exists(request.resourceType, mapping.id, scopeOf(request))) {
        this.plan(request, 'unchanged', { recordId: mapping.id });
        // A mapping from before `fingerprintOnly` (or from a write without it) learns its fingerprint
        // now, so the next run can answer `unchangedSince` without the step building the request.
        const fingerprintHash = request.fingerprintOnly ? fingerprintHashOf(request) : undefined;
        if (fingerprintHash && mapping.fingerprintHash !== fingerprintHash)
          await this.o.mappings.set(plugin, request.sourceKey, { ...mapping, fingerprintHash });
        return this.finish(request, 'unchanged', { action: 'unchanged', id: mapping.id });
      }
      deleted = mapping;
    }
    const key: NaturalKey = {
      name: request.naturalKey.name,
      ...scopeOf(request),
    };
    const live = mapping && !deleted ? await this.o.records.get(request.resourceType, mapping.id) : null;
    if (mapping && !live) deleted = mapping;
    // A record of the same name (a person re-created it by hand) is adopted rather than duplicated.
    let existing = live ?? (await this.o.records.findByNaturalKey(request.resourceType, key));
    // About to create: a "not there" from an index may be seconds old, and another machine (another
    // GLUEFLOW_HOME, which the run lock cannot see) may have created the record since. Ask once more.
    if (!existing && !this.o.dryRun)
      existing = (await this.o.records.recheckNaturalKey?.(request.resourceType, key)) ?? null;
    if (deleted && !existing && this.o.onDeleted === 'report') return this.reportDeleted(request, deleted);
    const decided = await this.applyBeforeWrite(request, existing);
    if ('veto' in decided) {
      this.plan(request, 'skipped', { reason: decided.veto });
      return this.finish(request, 'skipped', { action: 'skipped', reason: decided.veto });
    }
    const refusal = this.o.guard?.refusal({
      plugin,
      sourceKey: request.sourceKey,
      sourceHash: sourceHashOf(request, this.o.typeName, this.o.guard, this.secretsOf(request)),
      action: existing ? 'update' : 'create',
      existing,
    });
    if (refusal && !(existing && !this.wouldChange(decided, existing))) {
      this.plan(request, 'conflict', {
        reason: refusal,
        ...(existing ? { existing, recordId: existing.id } : {}),
      });
      const error = createError('EPLAN_CONFLICT', { sourceKey: request.sourceKey, reason: refusal });
      this.o.report?.({
        severity: 'error',
        code: error.code,
        reason: error.message,
        item: request.sourceKey,
        hint: error.hint,
      });
      return this.finish(request, 'failed', { action: 'skipped', reason: refusal });
    }
    if (existing) return this.updateExisting(decided, existing, hash);
    return this.create(decided, key, hash, deleted?.id);
  }

  async unchangedSince(probe: SourceProbe): Promise<UpsertResult | null> {
    const stored = await this.o.mappings.get(this.o.step.plugin, probe.sourceKey);
    if (!stored?.fingerprintHash || stored.resourceType !== probe.resourceType) return null;
    if (stored.fingerprintHash !== fingerprintHashOf(probe)) return null;
    // Written already in this run (a second pass): `upsert` counts it as the follow-up it is.
    if (this.#items.has(probe)) return null;
    // Deleted in IT Glue since: the step builds the request, and `upsert` re-creates or reports it.
    if (!(await this.o.records.exists(probe.resourceType, stored.id, scopeOf(probe)))) return null;
    const request: UpsertRequest = {
      sourceKey: probe.sourceKey,
      resourceType: probe.resourceType,
      ...(probe.organizationId ? { organizationId: probe.organizationId } : {}),
      ...(probe.flexibleAssetTypeId ? { flexibleAssetTypeId: probe.flexibleAssetTypeId } : {}),
      naturalKey: { name: probe.name ?? probe.sourceKey },
      attributes: {},
      fingerprint: probe.fingerprint,
    };
    this.plan(request, 'unchanged', { recordId: stored.id });
    return this.finish(request, 'unchanged', { action: 'unchanged', id: stored.id });
  }

  /** `onDeleted: report`: left deleted, mapping kept — every run reports it until a person decides. */
  private reportDeleted(request: UpsertRequest, deleted: Mapping): UpsertResult {
    const error = createError('EDELETED_IN_ITGLUE', {
      sourceKey: request.sourceKey,
      record: `${resourceType(request.resourceType).entity} #${deleted.id}`,
    });
    this.plan(request, 'skipped', {
      reason: 'deleted in IT Glue; onDeleted: report',
      deletedRecordId: deleted.id,
    });
    this.o.report?.({
      severity: 'warning',
      code: error.code,
      reason: error.message,
      item: request.sourceKey,
      hint: error.hint,
    });
    return this.finish(request, 'skipped', { action: 'skipped', reason: error.message });
  }

  private async applyBeforeWrite(
    request: UpsertRequest,
    existing: GateRecord | null,
  ): Promise<UpsertRequest | { veto: string }> {
    const planned: PlannedWrite = {
      plugin: this.o.step.plugin,
      step: this.o.step.step,
      sourceKey: request.sourceKey,
      resourceType: request.resourceType,
      action: existing ? 'update' : 'create',
      ...(existing ? { recordId: existing.id } : {}),
      ...(request.organizationId ? { organizationId: request.organizationId } : {}),
      attributes: request.attributes,
    };
    const result = (await this.o.hooks.beforeWrite.promise(planned)) ?? planned;
    if (result.veto) return { veto: result.veto };
    return { ...request, attributes: result.attributes };
  }

  private async updateExisting(
    request: UpsertRequest,
    existing: GateRecord,
    hash: string,
  ): Promise<UpsertResult> {
    // Only the step's own attributes are compared and sent: the records layer keeps the rest (traits
    // above all) as they are in IT Glue.
    const changes = diff(existing, request.attributes);
    const warnings = emptiedTraits(existing, request.attributes);
    if (changes.length === 0 && request.afterWrite) {
      // The attributes match but the content written after them (sections, images) may not: redo it.
      changes.push({ field: 'content', before: '(as last written)', after: '(rewritten from source)' });
      this.plan(request, 'update', { recordId: existing.id, existing, changes, warnings });
      if (this.o.dryRun) return this.finish(request, 'updated', { action: 'updated', id: existing.id });
      const completed = await this.completeWrite(request, existing);
      await this.remember(request, completed, hash);
      await this.emitChange('updated', request, completed, existing, changes);
      return this.finish(request, 'updated', { action: 'updated', id: existing.id });
    }
    if (changes.length === 0) {
      this.plan(request, 'unchanged', { recordId: existing.id, existing });
      await this.remember(request, existing, hash);
      return this.finish(request, 'unchanged', { action: 'unchanged', id: existing.id });
    }
    this.plan(request, 'update', { recordId: existing.id, existing, changes, warnings });
    if (this.o.dryRun) return this.finish(request, 'updated', { action: 'updated', id: existing.id });
    const updated = await this.completeWrite(
      request,
      await this.o.records.update(request.resourceType, existing.id, request.attributes, existing),
    );
    await this.remember(request, updated, hash);
    await this.emitChange('updated', request, updated, existing, changes);
    return this.finish(request, 'updated', { action: 'updated', id: updated.id });
  }

  /** `deletedId`: the record this item had, deleted in IT Glue since — this create re-creates it. */
  private async create(
    request: UpsertRequest,
    key: NaturalKey,
    hash: string,
    deletedId?: string,
  ): Promise<UpsertResult> {
    const outcome = deletedId === undefined ? 'created' : 'recreated';
    this.plan(request, 'create', {
      changes: diff({ id: '' }, request.attributes),
      ...(deletedId === undefined ? {} : { reason: 'deleted in IT Glue', deletedRecordId: deletedId }),
      ...(request.afterWrite ? { completedAfterCreate: true } : {}),
    });
    if (this.o.dryRun) {
      this.o.planned?.add(this.o.step.plugin, request.sourceKey, request.resourceType);
      // The planned id lets the step treat the item as written (e.g. revisit files linking to it).
      const id = plannedRecordId(this.o.step.plugin, request.sourceKey);
      return this.finish(request, outcome, { action: 'created', id });
    }
    const journalId = await this.o.journal.begin({
      plugin: this.o.step.plugin,
      sourceKey: request.sourceKey,
      resourceType: request.resourceType,
      naturalKey: key,
      payloadHash: hash,
    });
    const scope = scopeOf(request);
    let created: GateRecord;
    try {
      created = await createOnce(
        () => this.o.records.create(request.resourceType, request.attributes, scope),
        () => this.o.records.findByNaturalKey(request.resourceType, key, { fresh: true }),
        MAX_CREATE_ATTEMPTS,
      );
    } catch (error) {
      await this.o.journal.abandon(journalId, (error as { code?: string }).code || String(error));
      throw error;
    }
    created = await this.completeWrite(request, created);
    await this.o.journal.complete(journalId, created.id);
    await this.remember(request, created, hash);
    await this.emitChange('created', request, created);
    return this.finish(request, outcome, { action: 'created', id: created.id });
  }

  /** Whether an update would send anything (a record already as wanted needs no plan to stay so). */
  private wouldChange(request: UpsertRequest, existing: GateRecord): boolean {
    return Boolean(request.afterWrite) || diff(existing, request.attributes).length > 0;
  }

  /** Runs the request's afterWrite and the one extra update it may ask for. */
  private async completeWrite(request: UpsertRequest, record: GateRecord): Promise<GateRecord> {
    if (!request.afterWrite) return record;
    const more = await request.afterWrite(record);
    if (!more || Object.keys(more).length === 0) return record;
    return this.o.records.update(request.resourceType, record.id, more, record);
  }

  private async remember(request: UpsertRequest, record: GateRecord, hash: string): Promise<void> {
    this.o.guard?.wrote(this.o.step.plugin, request.sourceKey, record.id);
    await this.o.mappings.set(this.o.step.plugin, request.sourceKey, {
      resourceType: request.resourceType,
      id: record.id,
      contentHash: hash,
      ...(record.updatedAt ? { updatedAt: record.updatedAt } : {}),
      ...(request.fingerprintOnly && request.fingerprint !== undefined
        ? { fingerprintHash: fingerprintHashOf(request) }
        : {}),
    });
  }

  private async emitChange(
    action: 'created' | 'updated',
    request: UpsertRequest,
    record: GateRecord,
    before?: GateRecord,
    changes: FieldChange[] = [],
  ): Promise<void> {
    // The entity its events carry (RESOURCE_TYPES' `entity`), for types with hooks (not locations).
    const type = hookEntityOf(resourceType(request.resourceType)) as EntityType | undefined;
    if (!type) return;
    const at = (this.o.now?.() ?? new Date()).toISOString();
    const documentSource = (request.documentSource ?? this.o.documentSource) && type === 'flexible-asset';
    await this.o.emit(
      entityEvent({
        type,
        action,
        source: `pipeline:${this.o.run.pipeline}`,
        at,
        instance: this.o.run.instance,
        record,
        version: record.updatedAt ?? at,
        secretTraits: this.secretsOf(request),
        sourceKey: request.sourceKey,
        plugin: this.o.step.plugin,
        ...(documentSource ? { documentSource: true } : {}),
        ...(action === 'updated' ? { before, changedFields: changes.map((c) => c.field) } : {}),
      }),
    );
  }

  private plan(
    request: UpsertRequest,
    action: PlanEntry['action'],
    extra: {
      recordId?: string;
      existing?: GateRecord;
      changes?: FieldChange[];
      warnings?: string[];
    } & Pick<PlanEntry, 'reason' | 'deletedRecordId' | 'completedAfterCreate'>,
  ): void {
    const { recordId, existing, changes = [], warnings = [], ...marks } = extra;
    const entry: PlanEntry = {
      plugin: this.o.step.plugin,
      step: this.o.step.step,
      sourceKey: request.sourceKey,
      action,
      // Plans are written to disk: secret values (a password being set) never go into them.
      request: planRequest(request, this.secretsOf(request)),
      ...(recordId ? { recordId } : {}),
      ...(existing?.updatedAt ? { recordUpdatedAt: existing.updatedAt } : {}),
      sourceHash: sourceHashOf(request, this.o.typeName, this.o.guard, this.secretsOf(request)),
      changes: changes.map((change) => maskSecretChange(change, this.secretsOf(request))),
      warnings,
      ...marks,
      // A real run's second write of an item (a dry run never gets here twice: see upsert).
      ...(this.#items.has(request) ? { updatedAgain: true } : {}),
    };
    this.#items.planned(request, entry);
    this.o.onPlanEntry?.(entry);
  }

  private secretsOf(request: UpsertRequest): SecretTraitKeys {
    const typeId = request.flexibleAssetTypeId;
    return typeId ? this.#secretTraits.get(typeId) : undefined;
  }

  private finish(request: UpsertRequest, outcome: keyof ItemCounts, result: UpsertResult): UpsertResult {
    this.reportDuplicates();
    return this.#items.finish(request, outcome, result);
  }

  /** A writer that raced past the re-check leaves a duplicate: say so, once, naming both records. */
  private reportDuplicates(): void {
    for (const duplicate of this.o.records.takeDuplicates?.() ?? []) {
      const error = createError('EDUPLICATE_RECORD', {
        record: `${resourceType(duplicate.type).entity} "${duplicate.name}"`,
        ids: duplicate.ids,
      });
      this.o.report?.({ severity: 'warning', code: error.code, reason: error.message, hint: error.hint });
    }
  }
}

function scopeOf(where: RecordScope): RecordScope {
  return {
    ...(where.organizationId ? { organizationId: where.organizationId } : {}),
    ...(where.flexibleAssetTypeId ? { flexibleAssetTypeId: where.flexibleAssetTypeId } : {}),
  };
}
