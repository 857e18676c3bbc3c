/**
 * The text of document sections, for the index only. The cache never stores a section body (its
 * values drop `content` at every depth, DESIGN.md §5), so section text reaches the index by two roads
 * alone: the section writes Glueflow itself makes (cache/follow-writes.ts) and the opt-in
 * `refresh({ sections: true })`, which reads each cached document's sections. Each section's text is
 * HTML reduced to plain, printable text and capped like every indexed field; a document's sections
 * are joined in their order into the document's `sections` column, so a hit on a section is a hit on
 * its document. Only sections of a document the index holds are kept: the index never holds text of
 * a record the cache does not.
 */
import type { GlueflowStorage } from '../storage/glueflow-storage.js';
import { clean } from './search-document.js';

/** A section as the client returns it (camelCase); only these fields are read. */
export interface SectionRecord {
  id: string | number;
  documentId?: string | number | null;
  sort?: number | null;
  content?: unknown;
  [key: string]: unknown;
}

/** All of one document's sections together are capped too (a document of a thousand long steps). */
export const MAX_DOCUMENT_SECTIONS_CHARS = 131_072;

/** The joined text of the document whose id is the SQL expression `documentId`, in section order. */
export function sectionsTextOf(documentId: string): string {
  return `(SELECT substr(coalesce(group_concat(s.text, ' ' ORDER BY s.sort, length(s.section_id), s.section_id), ''), 1, ${MAX_DOCUMENT_SECTIONS_CHARS})
           FROM search_sections AS s WHERE s.document_id = ${documentId})`;
}

/** Stores sections' text (of indexed documents only) and re-joins their documents. In a write transaction. */
export async function putSections(
  storage: GlueflowStorage,
  sections: readonly SectionRecord[],
  documentId?: string,
): Promise<number> {
  const rows = sections.flatMap((section) => {
    const owner = documentId ?? textOf(section.documentId);
    if (owner === null) return [];
    const sort = typeof section.sort === 'number' && Number.isFinite(section.sort) ? section.sort : 0;
    const text = typeof section.content === 'string' ? clean(section.content) : '';
    return [[String(section.id), owner, Math.trunc(sort), text]];
  });
  if (rows.length === 0) return 0;
  const json = JSON.stringify(rows);
  await storage.all(
    `INSERT INTO search_sections (section_id, document_id, sort, text)
     SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3 FROM json_each(?1) AS j
     WHERE EXISTS (SELECT 1 FROM search_docs WHERE type = 'documents' AND id = j.value ->> 1)
     ON CONFLICT (section_id) DO UPDATE SET document_id = excluded.document_id, sort = excluded.sort,
       text = excluded.text`,
    [json],
  );
  const [row] = await storage.all<{ n: number }>(`SELECT changes() AS n`);
  await rejoin(storage, `SELECT DISTINCT j.value ->> 1 FROM json_each(?1) AS j`, [json]);
  return row?.n ?? 0;
}

/** A document's sections as IT Glue lists them now: the ones it no longer has go. In a write transaction. */
export async function replaceSections(
  storage: GlueflowStorage,
  documentId: string,
  sections: readonly SectionRecord[],
): Promise<number> {
  await storage.all(`DELETE FROM search_sections WHERE document_id = ?`, [documentId]);
  const stored = await putSections(storage, sections, documentId);
  if (stored === 0) await rejoin(storage, `SELECT ?1`, [documentId]);
  return stored;
}

/** Drops sections by their own ids (a section deleted through the client). In a write transaction. */
export async function removeSections(storage: GlueflowStorage, sectionIds: readonly string[]): Promise<void> {
  if (sectionIds.length === 0) return;
  const json = JSON.stringify(sectionIds.map(String));
  const owners = await storage.all<{ id: string }>(
    `SELECT DISTINCT document_id AS id FROM search_sections WHERE section_id IN (SELECT value FROM json_each(?))`,
    [json],
  );
  if (owners.length === 0) return;
  await storage.all(`DELETE FROM search_sections WHERE section_id IN (SELECT value FROM json_each(?))`, [
    json,
  ]);
  await rejoin(storage, `SELECT value FROM json_each(?1)`, [JSON.stringify(owners.map((o) => o.id))]);
}

/** Drops every section of these documents (the documents leave the index). */
export async function dropSectionsOf(
  storage: GlueflowStorage,
  documentIds: readonly string[],
): Promise<void> {
  if (documentIds.length === 0) return;
  await storage.all(`DELETE FROM search_sections WHERE document_id IN (SELECT value FROM json_each(?))`, [
    JSON.stringify(documentIds.map(String)),
  ]);
}

/** Sections whose document is no longer indexed (after a rebuild from the cache). */
export async function dropOrphanSections(storage: GlueflowStorage): Promise<void> {
  await storage.all(
    `DELETE FROM search_sections WHERE document_id NOT IN (SELECT id FROM search_docs WHERE type = 'documents')`,
  );
}

/** Writes the joined section text into the documents' index rows (the FTS5 row follows by trigger). */
async function rejoin(storage: GlueflowStorage, idsQuery: string, params: readonly string[]): Promise<void> {
  await storage.all(
    `UPDATE search_docs SET sections = ${sectionsTextOf('search_docs.id')}
     WHERE type = 'documents' AND id IN (${idsQuery}) AND sections IS NOT ${sectionsTextOf('search_docs.id')}`,
    params,
  );
}

function textOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : null;
}
