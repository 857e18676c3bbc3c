/**
 * The engine's StepServices over the real layers: the metadata cache, each plugin's state (kept in
 * memory in a dry run), and `ctx.itglue`, whose write road starts in writes/facade.ts. One instance per
 * runtime; `itglue(scope)` is called once per step.
 */
import type { MetadataCache } from '../cache/metadata-cache.js';
import type { ITGlueClient } from '@glueflow/itglue';
import type { StepServices, WriteScope } from '../engine/engine.js';
import type { RequestStats } from '../engine/hook-types.js';
import type { PlanEntry } from '../engine/plan-types.js';
import type { PlanGuard } from '../engine/plan-guard.js';
import { PlannedRecords } from '../engine/planned-records.js';
import type { StepItGlue } from '../engine/step-itglue.js';
import type { MappingStore } from '../engine/write-backend.js';
import type { PluginState } from '../state/plugin-state.js';
import type { StateStore } from '../state/state-store.js';
import { WriteServices } from '../writes/facade.js';
import { dryRunState, emptyDryRunWrites } from './dry-run-state.js';
import type { DryRunWrites } from './dry-run-state.js';

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
  readonly #writes: WriteServices;
  /** What the current dry run would create; reset by `beginRun`. */
  readonly #planned = new PlannedRecords();
  /** What the current dry run's plugins wrote to their state (kept in memory); reset by `beginRun`. */
  readonly #dryRunWrites = new Map<string, DryRunWrites>();

  constructor(private readonly options: RuntimeServicesOptions) {
    this.cache = options.cache;
    this.#writes = new WriteServices({
      client: options.client,
      cache: options.cache,
      openedAt: options.openedAt,
      journal: options.state.journal,
      planned: this.#planned,
      mappings: (dryRun) => this.#mappings(dryRun),
    });
  }

  /** Plan entries of the current run; reset by `beginRun`. */
  get planEntries(): PlanEntry[] {
    return this.#writes.planEntries;
  }

  /** Set while applying a saved plan: checks every write against it. */
  get guard(): PlanGuard | null {
    return this.#writes.guard;
  }

  beginRun(guard: PlanGuard | null = null): void {
    this.#planned.clear();
    this.#dryRunWrites.clear();
    this.#writes.beginRun(guard);
  }

  requestStats(): RequestStats {
    return this.options.requestStats();
  }

  /** A plugin's state; in a dry run, reads see the store and writes stay in memory (dry-run-state.ts). */
  state(plugin: string, dryRun = false): PluginState {
    const state = this.options.state.forPlugin(plugin);
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

  /** `ctx.itglue`: the facade of writes/facade.ts for one step. */
  itglue(scope: WriteScope): StepItGlue {
    return this.#writes.forStep(scope);
  }
}
