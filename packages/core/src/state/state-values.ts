/**
 * The shapes the engine keeps in the state store, validated on the way in: a plugin written in plain
 * JavaScript must not be able to store a mapping without an id and break idempotency later.
 */
import { z } from 'zod';
import { stateError } from '../storage/storage-errors.js';

/** Where a source item (file, PSA company, Message-ID …) lives in IT Glue, and what it looked like. */
export const MappingSchema = z.object({
  type: z.string().min(1),
  id: z.string().min(1),
  contentHash: z.string().min(1),
  updatedAt: z.string().min(1),
});
export type Mapping = z.infer<typeof MappingSchema>;

/** An intent recorded before a create, so an ambiguous failure can be reconciled instead of retried blindly. */
export const JournalIntentSchema = z.object({
  sourceKey: z.string().min(1),
  type: z.string().min(1),
  naturalKey: z.string().min(1),
  payloadHash: z.string().min(1),
});
export type JournalIntent = z.infer<typeof JournalIntentSchema>;

export type JournalStatus = 'pending' | 'completed' | 'abandoned';

export interface JournalEntry extends JournalIntent {
  journalId: string;
  plugin: string;
  startedAt: string;
  status: JournalStatus;
  finishedAt?: string;
  /** The IT Glue id the create produced (completed entries). */
  resultId?: string;
  /** Why the intent was given up (abandoned entries). */
  reason?: string;
}

/** How far `watch` has seen a feed: the newest `updated-at` and the ids seen at exactly that instant. */
export const WatermarkSchema = z.object({
  at: z.string().min(1),
  seenIds: z.array(z.string()),
});
export type Watermark = z.infer<typeof WatermarkSchema>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function validated<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(value)'}: ${issue.message}`,
  );
  throw stateError(
    'ESTATE_INVALID',
    `Refused to store an invalid value in ${where}: ${problems.join('; ')}.`,
    'pass every field with a non-empty string (see the StateStore API in the @glueflow/core README)',
    where,
  );
}

export function validKey(key: unknown, where: string): string {
  if (typeof key === 'string' && key.length > 0) return key;
  throw stateError(
    'ESTATE_INVALID',
    `A key in ${where} must be a non-empty string, got ${JSON.stringify(key) ?? String(key)}.`,
    'use a stable source key: a file path, a PSA company id, a Message-ID',
    where,
  );
}
