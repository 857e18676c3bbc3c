/** When a message fails its item (vfile's fatal message): the engine derives `failed` from this alone. */
import type { GlueflowMessage } from './hook-types.js';

/**
 * How many items a message fails (vfile's fatal message) — the engine derives `failed` from this
 * alone. A step's own error (no item) fails the step, not items. How many items an error fails: `items` when the message says (one problem costing several items —
 * no organization to write ten contacts to), else its one `item`; warnings and infos fail nothing.
 */
export function failedItemsOf(message: GlueflowMessage): number {
  if (message.severity !== 'error') return 0;
  return message.items ?? (message.item === undefined ? 0 : 1);
}
