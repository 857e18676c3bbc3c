/**
 * The contacts strategy's index: every contact e-mail address in IT Glue → its organization, and every
 * domain whose contacts all belong to ONE organization → that organization. A domain shared by
 * several organizations (or a consumer domain) identifies none and is left out.
 */
import { domainOf } from '../parse/addresses.js';
import { FREE_MAIL_DOMAINS } from './free-mail.js';

export interface ContactLike {
  organizationId?: string | number | null;
  organizationName?: string | null;
  contactEmails?: Array<{ value?: string | null }> | null;
}

export interface OrganizationRef {
  id: string;
  name?: string;
}

export interface ContactDomainIndex {
  byAddress: ReadonlyMap<string, OrganizationRef>;
  byDomain: ReadonlyMap<string, OrganizationRef>;
}

export async function buildContactDomainIndex(
  contacts: AsyncIterable<ContactLike>,
): Promise<ContactDomainIndex> {
  const byAddress = new Map<string, OrganizationRef | null>();
  const byDomain = new Map<string, OrganizationRef | null>();
  for await (const contact of contacts) {
    if (contact.organizationId === null || contact.organizationId === undefined) continue;
    const organization: OrganizationRef = {
      id: String(contact.organizationId),
      ...(contact.organizationName ? { name: contact.organizationName } : {}),
    };
    for (const entry of contact.contactEmails ?? []) {
      const address = (entry.value ?? '').trim().toLowerCase();
      const domain = domainOf(address);
      if (!domain) continue;
      remember(byAddress, address, organization);
      if (!FREE_MAIL_DOMAINS.has(domain)) remember(byDomain, domain, organization);
    }
  }
  return { byAddress: unambiguous(byAddress), byDomain: unambiguous(byDomain) };
}

/** `null` marks a key seen with two different organizations. */
function remember(
  map: Map<string, OrganizationRef | null>,
  key: string,
  organization: OrganizationRef,
): void {
  const known = map.get(key);
  if (known === undefined) map.set(key, organization);
  else if (known !== null && known.id !== organization.id) map.set(key, null);
}

function unambiguous(map: Map<string, OrganizationRef | null>): Map<string, OrganizationRef> {
  const out = new Map<string, OrganizationRef>();
  for (const [key, value] of map) if (value) out.set(key, value);
  return out;
}
