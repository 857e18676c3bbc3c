/**
 * This plugin's organization mappings (source key → IT Glue id) from the state store, read once per
 * run: ours (this source) drive the `mapping` strategy and `mark-inactive`; everybody's tell which
 * organizations are already synced from some PSA company (a second company may not take them).
 */
import type { StepContext } from '@glueflow/core';

export interface OrgMappings {
  /** Source keys of this source (`<source>:<company id>`) → organization id. */
  mine: Map<string, string>;
  /** Organization id → the source key synced into it (any source of this plugin). */
  claimedBy: Map<string, string>;
}

export async function loadMappings(ctx: StepContext, source: string): Promise<OrgMappings> {
  const mine = new Map<string, string>();
  const claimedBy = new Map<string, string>();
  const prefix = `${source}:`;
  for await (const [sourceKey, mapping] of ctx.state.mappings.list()) {
    if (mapping.resourceType !== 'organizations') continue;
    if (!claimedBy.has(mapping.id)) claimedBy.set(mapping.id, sourceKey);
    if (sourceKey.startsWith(prefix)) mine.set(sourceKey, mapping.id);
  }
  // Our own keys win the claim on their organization (the `mapping` strategy relies on it).
  for (const [sourceKey, id] of mine) claimedBy.set(id, sourceKey);
  return { mine, claimedBy };
}
