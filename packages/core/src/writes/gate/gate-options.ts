/**
 * What a write gate is given (one per step and run), and the handle its job files share: the options,
 * the run's items, the step's secret trait keys, and the two ends of every write — its plan entry and
 * its count. write-gate.ts decides; the files beside it each do one job with this handle.
 */
import type { SecretTraitKeys } from '@glueflow/itglue';
import type { EmittableEvent } from '../../engine/events.js';
import type { EngineHooks } from '../../engine/hooks.js';
import type { ItemCounts, ItemMessage, RunInfo, StepInfo } from '../../engine/hook-types.js';
import type { OnDeleted } from '../../engine/on-deleted.js';
import type { PlanGuard } from '../../engine/plan-guard.js';
import type { PlanEntry } from '../../engine/plan-types.js';
import type { PlannedRecords } from '../../engine/planned-records.js';
import type { MappingStore, RecordBackend, RecordScope, WriteJournal } from '../../engine/write-backend.js';
import type { UpsertRequest, UpsertResult } from '../../engine/write-types.js';
import type { PlanExtra } from './plan-entries.js';
import type { RunItems } from './run-items.js';

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
  loadSecretKeys?: (flexibleAssetTypeId: string) => Promise<SecretTraitKeys>;
  /** The step's `onDeleted` (see on-deleted.ts); default `recreate`. */
  onDeleted?: OnDeleted;
  now?: () => Date;
}

/** What the job files of the gate share (built once per WriteGate). */
export interface Gate {
  readonly options: WriteGateOptions;
  /** Items of this step's run, each counted once (see run-items.ts). */
  readonly items: RunItems;
  /** The Password-kind trait keys of the request's flexible asset type, if any. */
  secretsOf(request: UpsertRequest): SecretTraitKeys;
  /** Records the decision as a plan entry (plan-entries.ts). */
  plan(request: UpsertRequest, action: PlanEntry['action'], extra: PlanExtra): void;
  /** Counts the item once and returns its result (reporting duplicates seen meanwhile). */
  finish(request: UpsertRequest, outcome: keyof ItemCounts, result: UpsertResult): UpsertResult;
}

/** The organization / flexible asset type a record lives in, without empty keys. */
export function scopeOf(where: RecordScope): RecordScope {
  return {
    ...(where.organizationId ? { organizationId: where.organizationId } : {}),
    ...(where.flexibleAssetTypeId ? { flexibleAssetTypeId: where.flexibleAssetTypeId } : {}),
  };
}
