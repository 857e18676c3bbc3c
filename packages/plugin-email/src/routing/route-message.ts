/**
 * Which organization a message belongs to. First match wins:
 * 1. `route.map` — the sender's address, then its domain (and parent domains);
 * 2. the `resolveOrganization` hook — `{kind:'email'}` then `{kind:'domain'}` for each sender
 *    (this plugin's configured domain list and contacts' domains, then any other plugin's strategy);
 * 3. a subject tag such as `[Org: Acme]`;
 * 4. `route.defaultOrganization`.
 * Senders, in order: From, Reply-To, then the From of forwarded (attached) messages.
 */
import type { OrganizationReference, ResolvedOrganization } from '@glueflow/core';
import { domainOf } from '../parse/addresses.js';
import type { ParsedMessage } from '../parse/message-types.js';
import { domainAndParents } from './free-mail.js';

export interface Route {
  organizationId: string;
  organizationName?: string;
  /** Which rule answered, e.g. `map:acme.com`, `hook:email:contacts`, `subject-tag`, `default`. */
  via: string;
}

export interface RoutingRules {
  /** Lower-cased address or domain → organization (already resolved at step start). */
  map: ReadonlyMap<string, { id: string; name?: string }>;
  defaultOrganization?: { id: string; name?: string };
  subjectTag: string | false;
}

export type Resolve = (reference: OrganizationReference) => Promise<ResolvedOrganization | undefined>;

export interface RouteAttempt {
  route?: Route;
  /** For the skip message: what was looked at. */
  tried: string[];
  /** A subject tag that names no organization (worth a warning). */
  unknownTag?: string;
}

export async function routeMessage(
  message: ParsedMessage,
  rules: RoutingRules,
  resolve: Resolve,
): Promise<RouteAttempt> {
  const senders = senderAddresses(message);
  const tried: string[] = [];
  for (const address of senders) {
    for (const key of [address, ...domainAndParents(domainOf(address) ?? '')]) {
      const hit = rules.map.get(key);
      if (hit) return { route: routeOf(hit, `map:${key}`), tried };
    }
  }
  if (rules.map.size > 0) tried.push('route.map');
  for (const address of senders) {
    const byEmail = await resolve({ kind: 'email', value: address });
    if (byEmail) return { route: routeOf(byEmail, `hook:${byEmail.via}`), tried };
    const domain = domainOf(address);
    const byDomain = domain ? await resolve({ kind: 'domain', value: domain }) : undefined;
    if (byDomain) return { route: routeOf(byDomain, `hook:${byDomain.via}`), tried };
  }
  if (senders.length > 0) tried.push(`sender ${senders.join(', ')}`);
  let unknownTag: string | undefined;
  const tag = rules.subjectTag === false ? undefined : subjectTag(message.subject, rules.subjectTag);
  if (tag) {
    const byTag =
      (await resolve({ kind: 'subject-tag', value: tag })) ?? (await resolve({ kind: 'name', value: tag }));
    if (byTag) return { route: routeOf(byTag, 'subject-tag'), tried };
    unknownTag = tag;
    tried.push(`subject tag "${tag}"`);
  }
  if (rules.defaultOrganization) return { route: routeOf(rules.defaultOrganization, 'default'), tried };
  return { tried, ...(unknownTag ? { unknownTag } : {}) };
}

function routeOf(org: { id: string; name?: string }, via: string): Route {
  return { organizationId: org.id, ...(org.name ? { organizationName: org.name } : {}), via };
}

export function senderAddresses(message: ParsedMessage): string[] {
  const all = [message.from, ...message.replyTo, ...message.forwarded.map((f) => f.from)]
    .map((mailbox) => mailbox?.address ?? '')
    .filter((address) => address.includes('@'));
  return [...new Set(all)];
}

/** `[Org: Acme Corp] Licence renewal` → `Acme Corp` (label compared case-insensitively). */
export function subjectTag(subject: string, label: string): string | undefined {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`\\[\\s*${escaped}\\s*:\\s*([^\\]]+?)\\s*\\]`, 'i').exec(subject);
  return match?.[1];
}
