/**
 * The shapes kept in the state store, validated on the way in: a plugin written in plain JavaScript
 * must not be able to store a mapping without an id and break idempotency later. Mapping and
 * JournalEntry are the engine's own types (engine/write-backend.ts), so the store plugs straight
 * into the write gate.
 */
import { z } from 'zod';
import type { JournalEntry, Mapping } from '../engine/write-backend.js';
import { stateError } from '../storage/storage-errors.js';

export type { JournalEntry, Mapping };

const text = z.string().min(1);

export const MappingSchema = z.object({
  resourceType: text,
  id: text,
  contentHash: text,
  updatedAt: text.optional(),
  fingerprintHash: text.optional(),
});

export const JournalEntrySchema = z.object({
  plugin: text,
  sourceKey: text,
  resourceType: text,
  naturalKey: z.object({ name: text, organizationId: text.optional(), flexibleAssetTypeId: text.optional() }),
  payloadHash: text,
});

export type JournalStatus = 'pending' | 'completed' | 'abandoned';

/** A journal entry as stored: the intent plus what became of it. */
export interface JournalRecord extends JournalEntry {
  journalId: string;
  startedAt: string;
  status: JournalStatus;
  finishedAt?: string;
  /** The IT Glue id the create produced (completed entries). */
  recordId?: string;
  /** Why the intent was given up (abandoned entries). */
  reason?: string;
}

/** How far `watch` has read a feed: the newest `updated-at` and the ids seen at exactly that instant. */
export const WatermarkSchema = z.object({
  at: text,
  seenIds: z.array(z.string()),
});
export type Watermark = z.infer<typeof WatermarkSchema>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function validated<T>(schema: z.ZodType, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data as T;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(value)'}: ${issue.message}`,
  );
  throw stateError(
    `an invalid value in the ${where}: ${problems.join('; ')}`,
    'every field as a non-empty string',
    where,
  );
}

export function validKey(key: unknown, what: string, where: string): string {
  if (typeof key === 'string' && key.length > 0) return key;
  throw stateError(
    `${JSON.stringify(key) ?? String(key)} as the ${what} for the ${where}`,
    what === 'plugin'
      ? "a non-empty plugin name: the plugin's package name, e.g. @glueflow/plugin-psa"
      : 'a non-empty, stable key: a file path, a PSA company id, a Message-ID',
    where,
  );
}
