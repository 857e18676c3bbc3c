/**
 * This plugin's `resolveOrganization` strategies, for `{kind:'email'|'domain'}` references:
 * - `organizationDomains` from the plugin options (organization name → its domains);
 * - contacts' e-mail domains (see contact-domains.ts), read from IT Glue once per step run.
 * The hook hands a strategy only the reference, so the running step's cache and reads travel in an
 * AsyncLocalStorage the step enters; outside an `email.import` step these strategies pass.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { OrganizationReference, PluginHost, ResolvedOrganization } from '@glueflow/core';
import { domainOf } from '../parse/addresses.js';
import type { ContactDomainIndex } from './contact-domains.js';
import { domainAndParents } from './free-mail.js';

export const STRATEGY_NAME = '@glueflow/plugin-email';

export interface StrategyContext {
  /** Organization name (or id) → organization, through core's resolver. */
  organizationByName(name: string): Promise<{ id: string; name?: string } | undefined>;
  /** Built on first use, once per step run. */
  contacts(): Promise<ContactDomainIndex>;
}

export interface StrategyOptions {
  organizationDomains: Record<string, string[]>;
  contactDomains: boolean;
}

export function tapOrganizationStrategies(
  host: PluginHost,
  options: StrategyOptions,
): AsyncLocalStorage<StrategyContext> {
  const current = new AsyncLocalStorage<StrategyContext>();
  const configured = new Map<string, string>();
  for (const [organization, domains] of Object.entries(options.organizationDomains))
    for (const domain of domains) configured.set(domain.trim().toLowerCase().replace(/^@/, ''), organization);

  host.hooks.resolveOrganization.tapPromise(STRATEGY_NAME, async (reference) => {
    const context = current.getStore();
    if (!context) return undefined;
    const domain = domainFor(reference);
    if (!domain) return undefined;
    for (const candidate of domainAndParents(domain)) {
      const name = configured.get(candidate);
      if (!name) continue;
      const org = await context.organizationByName(name);
      if (org) return resolved(org, 'organizationDomains');
    }
    if (!options.contactDomains) return undefined;
    const index = await context.contacts();
    if (reference.kind === 'email') {
      const org = index.byAddress.get(reference.value.trim().toLowerCase());
      return org ? resolved(org, 'contact-email') : undefined;
    }
    const org = index.byDomain.get(domain);
    return org ? resolved(org, 'contact-domain') : undefined;
  });
  return current;
}

function domainFor(reference: OrganizationReference): string | undefined {
  if (reference.kind === 'domain') return reference.value.trim().toLowerCase().replace(/^@/, '') || undefined;
  if (reference.kind === 'email') return domainOf(reference.value.trim());
  return undefined;
}

function resolved(org: { id: string; name?: string }, via: string): ResolvedOrganization {
  return { id: org.id, ...(org.name ? { name: org.name } : {}), via };
}
