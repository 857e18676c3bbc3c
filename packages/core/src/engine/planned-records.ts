/**
 * Records a dry run would create, named before they exist. A pipeline's later steps often build on an
 * earlier step's creates (contacts of the organizations a PSA sync creates): in a plan they refer to
 * `planned:<plugin>:<sourceKey>`, which the dry run's state shows as that item's mapping. When the plan
 * is applied, the guard knows which real id each planned create became and hashes it back to the same
 * name, so those dependent writes match their plan entries.
 */
import type { Mapping } from './write-backend.js';

const PREFIX = 'planned:';

export function plannedRecordId(plugin: string, sourceKey: string): string {
  return `${PREFIX}${plugin}:${sourceKey}`;
}

/** A flexible asset type a dry run would create, by its name (its fields are planned against it). */
export function plannedTypeId(name: string): string {
  return `${PREFIX}${name}`;
}

/** True for an id that only exists in a plan (a planned record or a planned flexible asset type). */
export function isPlannedId(id: string | undefined | null): boolean {
  return typeof id === 'string' && id.startsWith(PREFIX);
}

/** The creates of one dry run, as the mappings they would leave behind. */
export class PlannedRecords {
  readonly #byPlugin = new Map<string, Map<string, Mapping>>();

  add(plugin: string, sourceKey: string, resourceType: Mapping['resourceType']): void {
    let mine = this.#byPlugin.get(plugin);
    if (!mine) this.#byPlugin.set(plugin, (mine = new Map()));
    mine.set(sourceKey, { resourceType, id: plannedRecordId(plugin, sourceKey), contentHash: 'planned' });
  }

  of(plugin: string): ReadonlyMap<string, Mapping> {
    return this.#byPlugin.get(plugin) ?? new Map();
  }

  clear(): void {
    this.#byPlugin.clear();
  }
}
