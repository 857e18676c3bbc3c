/**
 * `psa.sync-contacts`: PSA contacts → IT Glue contacts of the organizations `psa.sync-organizations`
 * synced (run it after that step). A contact is matched by its stored mapping, else by e-mail within
 * its organization (IT Glue's own sync matches first + last name, which breaks on "J. Smith"); several
 * IT Glue contacts with the same e-mail are a conflict, not a guess. IT Glue contacts synced by its own
 * PSA integration refuse every change: they are reported `skipped (psa-locked)`.
 * IT Glue's contacts are listed once per run (page size 1000), not once per contact.
 */
import type { StepContext } from '@glueflow/core';
import { isPsaLocked } from '@glueflow/core';
import type { PsaContact, PsaProvider, PsaProviderFactory } from '../provider/types.js';
import { psaError } from '../errors.js';
import { loadMappings } from '../sync/mappings.js';
import { Bookmark } from '../sync/bookmark.js';

export interface ContactsRun {
  ctx: StepContext;
  options: { source: string; createMissing: boolean; updateExisting: boolean; full: boolean };
  factory: PsaProviderFactory;
  provider: PsaProvider;
  failures: { count: number };
}

interface ItgContact {
  id: string;
  organizationId: string;
  name: string;
  locked: boolean;
}

export async function syncContacts(run: ContactsRun): Promise<void> {
  const { ctx, options, factory, provider } = run;
  if (!provider.listContacts) {
    throw psaError(
      'EPSA_CONFIG',
      `the ${factory.name} provider lists no contacts`,
      'remove psa.sync-contacts for this source, or use a provider with contacts (connectwise, autotask, halopsa, csv)',
    );
  }
  const prefix = `${options.source}:`;
  const bookmark = new Bookmark(ctx, `contacts:${options.source}`, factory.incremental, options.full);
  const since = await bookmark.since();
  const [orgMappings, contacts, contactMappings] = await Promise.all([
    loadMappings(ctx, options.source),
    indexContacts(ctx),
    contactIds(ctx, `${prefix}contact:`),
  ]);

  await ctx.forEachItem(
    provider.listContacts(since ? { since } : {}),
    (contact) => `${prefix}contact:${contact.id}`,
    async (contact) => {
      if (bookmark.saw(contact.id, contact.updatedAt)) {
        ctx.count('unchanged');
        return;
      }
      try {
        await syncOne(
          run,
          contact,
          orgMappings.mine.get(`${prefix}${contact.companyId}`),
          contacts,
          contactMappings,
        );
      } catch (error) {
        run.failures.count++;
        throw error;
      }
    },
  );
  if (run.failures.count === 0) await bookmark.save();
}

async function syncOne(
  run: ContactsRun,
  contact: PsaContact,
  organizationId: string | undefined,
  contacts: ContactIndex,
  mapped: Map<string, string>,
): Promise<void> {
  const { ctx, options } = run;
  const sourceKey = `${options.source}:contact:${contact.id}`;
  const skip = (reason: string, severity: 'info' | 'warning' = 'info', code?: string) => {
    ctx.count('skipped');
    ctx.report({ severity, reason, item: sourceKey, ...(code ? { code } : {}) });
  };
  if (!organizationId)
    return skip(
      `contact ${contact.id}: its company ${contact.companyId} is not synced (run psa.sync-organizations first)`,
    );
  if (contact.emails.length === 0)
    return skip(`contact ${contact.id} has no e-mail address; contacts are matched by e-mail`);

  const mappedId = mapped.get(sourceKey);
  const existing = mappedId ? contacts.byId.get(mappedId) : undefined;
  const candidates = new Map<string, ItgContact>();
  for (const email of existing ? [] : contact.emails) {
    for (const found of contacts.byEmail.get(email.toLowerCase()) ?? []) {
      if (found.organizationId === organizationId) candidates.set(found.id, found);
    }
  }
  const matches = existing ? [existing] : [...candidates.values()];
  if (matches.length > 1) {
    return skip(
      `conflict: contact ${contact.id} <${contact.emails[0]}> matches IT Glue contacts ${matches.map((m) => `#${m.id}`).join(', ')} by e-mail`,
      'warning',
      'EPSA_CONFLICT',
    );
  }
  const match = matches[0];
  if (match?.locked)
    return skip(
      `skipped (psa-locked): IT Glue contact #${match.id} is synced by IT Glue's PSA integration`,
      'info',
      'EPSA_LOCKED',
    );
  if (!match && !mappedId && (!options.createMissing || !contact.active)) {
    return skip(
      `contact ${contact.id} not created (${contact.active ? 'createMissing: false' : 'inactive in the PSA'})`,
    );
  }
  if (match && !options.updateExisting)
    return skip(`contact ${contact.id} matched #${match.id}, not updated (updateExisting: false)`);
  if (match && mappedId !== match.id)
    await ctx.itglue.adopt(sourceKey, { resourceType: 'contacts', id: match.id });
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.emails[0]!;
  await ctx.itglue.upsert({
    sourceKey,
    resourceType: 'contacts',
    organizationId,
    naturalKey: { name: match?.name ?? name },
    attributes: attributesOf(contact),
  });
}

function attributesOf(contact: PsaContact): Record<string, unknown> {
  return {
    firstName: contact.firstName ?? contact.emails[0]!.split('@')[0],
    lastName: contact.lastName,
    title: contact.title,
    contactEmails: contact.emails.map((value, i) => ({ value, primary: i === 0, labelName: 'Work' })),
    ...(contact.phone ? { contactPhones: [{ value: contact.phone, primary: true, labelName: 'Work' }] } : {}),
  };
}

interface ContactIndex {
  byId: Map<string, ItgContact>;
  byEmail: Map<string, ItgContact[]>;
}

/** IT Glue contacts by id and by lowercased e-mail, from one listing. */
async function indexContacts(ctx: StepContext): Promise<ContactIndex> {
  const byId = new Map<string, ItgContact>();
  const byEmail = new Map<string, ItgContact[]>();
  for await (const record of ctx.itglue.read.contacts.list({ pageSize: 1000 })) {
    const contact: ItgContact = {
      id: String(record.id),
      organizationId: String(record.organizationId ?? ''),
      name: String(record.name ?? ''),
      locked: isPsaLocked(record),
    };
    byId.set(contact.id, contact);
    for (const entry of record.contactEmails ?? []) {
      const email = entry.value?.trim().toLowerCase();
      if (email) byEmail.set(email, [...(byEmail.get(email) ?? []), contact]);
    }
  }
  return { byId, byEmail };
}

async function contactIds(ctx: StepContext, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const [sourceKey, mapping] of ctx.state.mappings.list()) {
    if (mapping.resourceType === 'contacts' && sourceKey.startsWith(prefix)) out.set(sourceKey, mapping.id);
  }
  return out;
}
