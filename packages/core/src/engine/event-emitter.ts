/**
 * Delivers an entity event to its hooks in a fixed order — the first-class hook (if the event has
 * one), then `entity["<type>:<action>"]`, then `onEntityEvent` — and counts deliveries for the run
 * summary. Listener failures are isolated by the tap instrumentation and reported through it.
 */
import type { EngineHooks } from './hooks.js';
import type {
  DocumentCreatedEvent,
  EntityEvent,
  OrganizationUpdatedEvent,
  PasswordRotatedEvent,
} from './events.js';

export type EmittableEvent =
  EntityEvent | DocumentCreatedEvent | OrganizationUpdatedEvent | PasswordRotatedEvent;

export class EventEmitter {
  counts: Record<string, number> = {};

  /** Counts are per run. */
  resetCounts(): void {
    this.counts = {};
  }

  constructor(private readonly hooks: EngineHooks) {}

  async emit(event: EmittableEvent): Promise<void> {
    const key = `${event.type}:${event.action}` as const;
    const isDocument = event.type === 'document' || (event.type === 'flexible-asset' && event.documentSource);
    if (isDocument && event.action === 'created') {
      await this.deliver('onDocumentCreated', () =>
        this.hooks.onDocumentCreated.promise(event as DocumentCreatedEvent),
      );
    }
    if (event.type === 'organization' && event.action === 'updated') {
      await this.deliver('onOrganizationUpdated', () =>
        this.hooks.onOrganizationUpdated.promise(event as OrganizationUpdatedEvent),
      );
    }
    if (event.type === 'password' && event.action === 'updated' && 'passwordUpdatedAt' in event) {
      await this.deliver('onPasswordRotated', () =>
        this.hooks.onPasswordRotated.promise(event as PasswordRotatedEvent),
      );
    }
    await this.deliver(key, () => this.hooks.entity.for(key).promise(event));
    await this.deliver('onEntityEvent', () => this.hooks.onEntityEvent.promise(event));
  }

  private async deliver(name: string, call: () => Promise<void>): Promise<void> {
    this.counts[name] = (this.counts[name] ?? 0) + 1;
    await call();
  }
}
