/**
 * Deliveries that failed after all their retries, kept in the plugin's state (bookmarks named
 * `undelivered:<event id>`) and sent again — oldest first — before the next delivery and at the start
 * of the next run, until the receiver takes them. `glueflow watch` re-reads such events itself, but a
 * pipeline run's events (a document created, an organization synced) happen once: without this queue
 * a receiver that was down for a minute would never hear of them.
 */
import type { PluginState } from '@glueflow/core';
import type { ForwardedHook } from './options.js';

const PREFIX = 'undelivered:';

export interface Undelivered {
  eventId: string;
  hook: ForwardedHook;
  /** The JSON body exactly as first built (no secret in it: see payload.ts). */
  body: string;
  firstFailedAt: string;
  attempts: number;
}

export class Outbox {
  constructor(private readonly state: () => PluginState) {}

  async add(entry: Omit<Undelivered, 'attempts' | 'firstFailedAt'>, at: Date): Promise<void> {
    const bookmarks = this.state().bookmarks;
    const existing = (await bookmarks.get(PREFIX + entry.eventId)) as Undelivered | undefined;
    const next: Undelivered = existing
      ? { ...existing, attempts: existing.attempts + 1 }
      : { ...entry, firstFailedAt: at.toISOString(), attempts: 1 };
    await bookmarks.set(PREFIX + entry.eventId, next as never);
  }

  async remove(eventId: string): Promise<void> {
    await this.state().bookmarks.delete(PREFIX + eventId);
  }

  /** Oldest first. */
  async list(): Promise<Undelivered[]> {
    const out: Undelivered[] = [];
    for await (const [name, value] of this.state().bookmarks.list()) {
      if (name.startsWith(PREFIX)) out.push(value as unknown as Undelivered);
    }
    return out.sort((a, b) => a.firstFailedAt.localeCompare(b.firstFailedAt));
  }
}
