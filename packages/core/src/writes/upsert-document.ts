/**
 * `upsertDocument`: a document is its name (written through the write gate, so it is deduplicated,
 * journaled and announced like any record) plus its sections, written by the gate's `afterWrite`
 * before the mapping is recorded. Sections are synced to the wanted list — updated in place, created,
 * surplus deleted — and the sync starts again from a fresh listing after an ambiguous failure, so a
 * section a 502 may or may not have created never ends up twice. Then the document is published.
 */
import type { ITGlueClient } from '@glueflow/itglue';
import type { DocumentSection } from '@glueflow/itglue';
import { isAmbiguousWriteError } from '../engine/ambiguous.js';
import type { DocumentSectionSpec, DocumentUpsertRequest, UpsertRequest } from '../engine/write-types.js';
import { assertLockHeld } from '../state/lock-context.js';

const MAX_SYNC_ATTEMPTS = 3;

export function documentUpsertRequest(client: ITGlueClient, request: DocumentUpsertRequest): UpsertRequest {
  const publish = request.publish ?? true;
  return {
    sourceKey: request.sourceKey,
    resourceType: 'documents',
    organizationId: request.organizationId,
    naturalKey: { name: request.name },
    attributes: { name: request.name },
    fingerprint: { name: request.name, sections: request.sections, publish },
    afterWrite: async (record) => {
      await syncSections(client, record.id, request.sections);
      if (publish) await client.documents.publish(record.id);
    },
  };
}

export async function syncSections(
  client: ITGlueClient,
  documentId: string,
  wanted: readonly DocumentSectionSpec[],
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await syncOnce(client, documentId, wanted);
    } catch (error) {
      if (!isAmbiguousWriteError(error) || attempt >= MAX_SYNC_ATTEMPTS) throw error;
    }
  }
}

async function syncOnce(client: ITGlueClient, documentId: string, wanted: readonly DocumentSectionSpec[]) {
  const sections = client.documents.sections;
  const existing: DocumentSection[] = [];
  for await (const section of sections.list(documentId)) existing.push(section);
  existing.sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || Number(a.id) - Number(b.id));
  // In place only while kinds line up: a new section is always appended, so a kind change in the
  // middle means the tail is rebuilt to keep the order.
  let keep = 0;
  while (
    keep < Math.min(existing.length, wanted.length) &&
    existing[keep]!.resourceType === kindOf(wanted[keep]!)
  )
    keep++;
  for (let i = 0; i < keep; i++) {
    const have = existing[i]!;
    const want = wanted[i]!;
    if (
      (have.content ?? '') !== want.content ||
      (want.kind === 'Heading' && have.level !== (want.level ?? 2))
    ) {
      await assertLockHeld();
      await sections.update(documentId, have.id, sectionAttributes(want));
    }
  }
  // Each section write checks the run's locks first, like the record's own (state/lock-context.ts).
  for (const surplus of existing.slice(keep)) {
    await assertLockHeld();
    await sections.delete(documentId, surplus.id);
  }
  for (const want of wanted.slice(keep)) {
    await assertLockHeld();
    await sections.create(documentId, { resourceType: kindOf(want), ...sectionAttributes(want) });
  }
}

function kindOf(section: DocumentSectionSpec): 'Document::Text' | 'Document::Heading' {
  return section.kind === 'Heading' ? 'Document::Heading' : 'Document::Text';
}

function sectionAttributes(section: DocumentSectionSpec) {
  return section.kind === 'Heading'
    ? { content: section.content, level: section.level ?? 2 }
    : { content: section.content };
}
