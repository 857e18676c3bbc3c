/**
 * `onDeleted`: what the write gate does with an item whose record — written by an earlier run — a person
 * has deleted in IT Glue since. Core owns its meaning; a step offers it by putting `onDeletedOption` in
 * its options schema (one line), and the engine hands the parsed value to that step's write gate.
 */
import { z } from 'zod';

export const ON_DELETED = ['recreate', 'report'] as const;
export type OnDeleted = (typeof ON_DELETED)[number];

export const onDeletedOption = z
  .enum(ON_DELETED)
  .optional()
  .describe(
    'A record synced before and deleted in IT Glue since: recreate it (default; counted recreated) or report it (a warning; counted skipped)',
  );

/** The step's choice, from its parsed options (a step that does not offer the option gets the default). */
export function onDeletedOf(options: unknown): OnDeleted {
  const value = (options as { onDeleted?: unknown } | null | undefined)?.onDeleted;
  return value === 'report' ? 'report' : 'recreate';
}
