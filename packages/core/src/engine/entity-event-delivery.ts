/**
 * Delivers an entity event to the hooks HOOK_DEFINITIONS routes it to, in the table's order — its
 * first-class hook (if it has one), then `entity["<type>:<action>"]`, then `onEntityEvent` — and counts
 * deliveries for the run summary. Listener failures are isolated by the tap instrumentation and
 * reported through it.
 */
import type { AsyncSeriesHook } from 'tapable';
import type { EngineHooks } from './hooks.js';
import { deliveriesOf, eventKeyOf } from './events.js';
import type { EmittableEvent } from './events.js';

/** Not Node's EventEmitter: one table-driven delivery of entity events to the engine's tapable hooks. */
export class EntityEventDelivery {
  counts: Record<string, number> = {};

  /** Counts are per run. */
  resetCounts(): void {
    this.counts = {};
  }

  constructor(private readonly hooks: EngineHooks) {}

  async emit(event: EmittableEvent): Promise<void> {
    for (const { hook, name } of deliveriesOf(event)) {
      this.counts[name] = (this.counts[name] ?? 0) + 1;
      // Each hook's argument is the event narrowed to what the table routes to it.
      const target = (
        hook === 'entity' ? this.hooks.entity.for(eventKeyOf(event)) : this.hooks[hook]
      ) as AsyncSeriesHook<[EmittableEvent]>;
      await target.promise(event);
    }
  }
}
