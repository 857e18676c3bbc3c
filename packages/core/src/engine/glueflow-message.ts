/** When a message fails its item (vfile's fatal message): the engine derives `failed` from this alone. */
import type { GlueflowMessage } from './hook-types.js';

/** Whether the message fails its item: an error about an item. A step's own error (no item) fails the step. */
export function isFatal(message: GlueflowMessage): boolean {
  return message.severity === 'error' && message.item !== undefined;
}
