/**
 * Core's own `resolveOrganization` strategies: an IT Glue id, or an organization name (exact, ignoring
 * case) from the metadata cache. Tapped at a late stage so a plugin's strategy for the same kind of
 * reference (a PSA id, a mail domain) is asked first.
 */
import type { MetadataCache } from '../cache/metadata-cache.js';
import type { ITGlueClient } from '@glueflow/itglue';
import { STAGES } from '../engine/hooks.js';
import type { EngineHooks } from '../engine/hooks.js';

export const CORE_RESOLVER = 'glueflow:core';
/** After every plugin's strategy: core's answer is the fallback. */
const CORE_TAP = { name: CORE_RESOLVER, stage: STAGES.coreFallback };

export function tapCoreOrganizationResolver(hooks: EngineHooks, cache: MetadataCache, client: ITGlueClient) {
  hooks.resolveOrganization.tapPromise(CORE_TAP, async (reference) => {
    if (reference.kind === 'id' || (reference.kind === 'name' && /^\d+$/.test(reference.value))) {
      const org = await client.organizations.get(reference.value);
      if (org) return { id: String(org.id), name: org.name, via: 'id' };
      if (reference.kind === 'id') return undefined;
    }
    if (reference.kind !== 'name') return undefined;
    const { records } = await cache.findByName('organizations', reference.value);
    const [best] = [...records].sort((a, b) => Number(a.id) - Number(b.id));
    return best
      ? { id: String(best.id), name: String(best.name ?? reference.value), via: 'name' }
      : undefined;
  });
}
