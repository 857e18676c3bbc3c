/**
 * Duplicate-free writes, the core promise. This file decides; each outcome is a file beside it.
 * For every write a step asks for (keyed by `sourceKey`):
 * - mapping + same content hash + the record still exists → nothing is sent (an unchanged re-run costs
 *   zero writes; whether it exists comes from one listing per scope and run, not a read per item);
 * - mapping → update (update.ts; the records layer merges flexible-asset traits with the live set,
 *   since IT Glue's PATCH deletes omitted traits);
 * - a mapped record a person deleted in IT Glue → created again and counted `recreated`, or left deleted
 *   and reported (`onDeleted: report`, deleted-in-itglue.ts);
 * - no mapping (new machine, lost state) → look the record up by its natural key and adopt it;
 * - otherwise create, journaled first (create.ts); after an ambiguous failure (timeout, reset, 502
 *   after commit) the record is looked up again and adopted before any retry — so faults never duplicate.
 * Before any write: the beforeWrite hook (before-write.ts) and, applying a saved plan, the plan's
 * consent (plan-conflict.ts). In a dry run the same decisions become plan entries (plan-entries.ts)
 * and nothing is written anywhere.
 */
import type { SecretTraitKeys } from '@glueflow/itglue';
import { contentHash } from '../../engine/content-hash.js';
import { isPlannedId } from '../../engine/planned-records.js';
import type { Mapping, NaturalKey } from '../../engine/write-backend.js';
import type { SourceProbe, StepWrites, UpsertRequest, UpsertResult } from '../../engine/write-types.js';
import { applyBeforeWrite } from './before-write.js';
import { create } from './create.js';
import { reportDeleted } from './deleted-in-itglue.js';
import { reportDuplicates } from './duplicates.js';
import { scopeOf } from './gate-options.js';
import type { Gate, WriteGateOptions } from './gate-options.js';
import { planEntry } from './plan-entries.js';
import { refuseUnplanned } from './plan-conflict.js';
import { digestSecrets, fingerprintHashOf } from './plan-hashes.js';
import { RunItems } from './run-items.js';
import { updateExisting } from './update.js';

export type { WriteGateOptions } from './gate-options.js';

export class WriteGate implements StepWrites {
  /** Secret trait keys per flexible asset type, loaded once per type by `upsert`. */
  readonly #secretKeys = new Map<string, SecretTraitKeys>();
  /** What the job files share: options, this run's items, plan and finish. */
  readonly #gate: Gate;

  constructor(private readonly options: WriteGateOptions) {
    const items = new RunItems((outcome) => options.count(outcome));
    const gate: Gate = {
      options,
      items,
      secretsOf: (request) => this.secretsOf(request),
      plan: (request, action, extra) => planEntry(gate, request, action, extra),
      finish: (request, outcome, result) => {
        reportDuplicates(options);
        return items.finish(request, outcome, result);
      },
    };
    this.#gate = gate;
  }

  /** The step is done: a duplicate another writer raced in is reported now at the latest. */
  async endStep(): Promise<void> {
    await this.options.records.auditCreated?.();
    reportDuplicates(this.options);
  }

  async upsert(request: UpsertRequest): Promise<UpsertResult> {
    const gate = this.#gate;
    // A dry run cannot write an item twice (links to records it plans have no target yet): its second
    // write is noted on the first entry.
    const again = this.options.dryRun ? gate.items.plannedAgain(request) : undefined;
    if (again) return again;
    const plugin = this.options.step.plugin;
    const typeId = request.flexibleAssetTypeId;
    if (typeId && !isPlannedId(typeId) && this.options.loadSecretKeys && !this.#secretKeys.has(typeId))
      this.#secretKeys.set(typeId, await this.options.loadSecretKeys(typeId));
    // The hash is of what the step asked for (before beforeWrite), so an unchanged source stays unchanged.
    const hash = contentHash({
      resourceType: request.resourceType,
      organizationId: request.organizationId,
      flexibleAssetTypeId: request.flexibleAssetTypeId,
      attributes: digestSecrets(request.attributes, this.options.secretDigest, this.secretsOf(request)),
      ...(request.fingerprint === undefined ? {} : { fingerprint: request.fingerprint }),
    });
    const stored = await this.options.mappings.get(plugin, request.sourceKey);
    // A mapping to a record of another type (one source written as two kinds of record) is not this
    // record's: following its id would read — and update — an unrelated record that shares the number.
    const mapping = stored && stored.resourceType === request.resourceType ? stored : undefined;
    // The record this item was written to, deleted in IT Glue since (by a person, in the web UI).
    let deleted: Mapping | undefined;
    if (mapping && mapping.contentHash === hash) {
      if (await this.options.records.exists(request.resourceType, mapping.id, scopeOf(request))) {
        gate.plan(request, 'unchanged', { recordId: mapping.id });
        // A mapping from before `fingerprintOnly` (or from a write without it) learns its fingerprint
        // now, so the next run can answer `unchangedSince` without the step building the request.
        const fingerprintHash = request.fingerprintOnly ? fingerprintHashOf(request) : undefined;
        if (fingerprintHash && mapping.fingerprintHash !== fingerprintHash)
          await this.options.mappings.set(plugin, request.sourceKey, { ...mapping, fingerprintHash });
        return gate.finish(request, 'unchanged', { action: 'unchanged', id: mapping.id });
      }
      deleted = mapping;
    }
    const key: NaturalKey = {
      name: request.naturalKey.name,
      ...scopeOf(request),
    };
    const live =
      mapping && !deleted ? await this.options.records.get(request.resourceType, mapping.id) : null;
    if (mapping && !live) deleted = mapping;
    // A record of the same name (a person re-created it by hand) is adopted rather than duplicated.
    let existing = live ?? (await this.options.records.findByNaturalKey(request.resourceType, key));
    // About to create: a "not there" from an index may be seconds old, and another machine (another
    // GLUEFLOW_HOME, which the run lock cannot see) may have created the record since. Ask once more.
    if (!existing && !this.options.dryRun)
      existing = (await this.options.records.recheckNaturalKey?.(request.resourceType, key)) ?? null;
    if (deleted && !existing && this.options.onDeleted === 'report')
      return reportDeleted(gate, request, deleted);
    const decided = await applyBeforeWrite(gate, request, existing);
    if ('veto' in decided) {
      gate.plan(request, 'skipped', { reason: decided.veto });
      return gate.finish(request, 'skipped', { action: 'skipped', reason: decided.veto });
    }
    const refused = refuseUnplanned(gate, request, decided, existing);
    if (refused) return refused;
    if (existing) return updateExisting(gate, decided, existing, hash);
    return create(gate, decided, key, hash, deleted?.id);
  }

  async unchangedSince(probe: SourceProbe): Promise<UpsertResult | null> {
    const gate = this.#gate;
    const stored = await this.options.mappings.get(this.options.step.plugin, probe.sourceKey);
    if (!stored?.fingerprintHash || stored.resourceType !== probe.resourceType) return null;
    if (stored.fingerprintHash !== fingerprintHashOf(probe)) return null;
    // Written already in this run (a second pass): `upsert` counts it as the follow-up it is.
    if (gate.items.has(probe)) return null;
    // Deleted in IT Glue since: the step builds the request, and `upsert` re-creates or reports it.
    if (!(await this.options.records.exists(probe.resourceType, stored.id, scopeOf(probe)))) return null;
    const request: UpsertRequest = {
      sourceKey: probe.sourceKey,
      resourceType: probe.resourceType,
      ...(probe.organizationId ? { organizationId: probe.organizationId } : {}),
      ...(probe.flexibleAssetTypeId ? { flexibleAssetTypeId: probe.flexibleAssetTypeId } : {}),
      naturalKey: { name: probe.name ?? probe.sourceKey },
      attributes: {},
      fingerprint: probe.fingerprint,
    };
    gate.plan(request, 'unchanged', { recordId: stored.id });
    return gate.finish(request, 'unchanged', { action: 'unchanged', id: stored.id });
  }

  private secretsOf(request: UpsertRequest): SecretTraitKeys {
    const typeId = request.flexibleAssetTypeId;
    return typeId ? this.#secretKeys.get(typeId) : undefined;
  }
}
