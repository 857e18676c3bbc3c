/**
 * `watch`: IT Glue has no webhooks, so changes are polled with watermarks and diffed against the
 * metadata cache (the last state we saw):
 * - organizations: `filter[updated_at]` windows (≤ 7 days each, as IT Glue advises);
 * - configurations, contacts, locations, passwords: `sort=-updated_at` scans that stop at the watermark;
 *   flexible assets: one such scan per flexible asset type;
 * - deletions: the `/logs` activity feed (`delete` actions), matched to cached records by name.
 * A record's events are delivered to every listener before the record is stored in the cache; a
 * watermark moves only when every listener took every event of its feed. So a listener failure or a
 * crash means the change is seen — and delivered — again (at least once, dedup by the stable event
 * id), and a restart after success repeats nothing, because the cache already holds what was announced.
 * The first poll of a feed sets its baseline (pulls the type into the cache) and fires nothing.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { CachedRecord, CachedType } from '../cache/cache-types.js';
import type { MetadataCache } from '../cache/metadata-cache.js';
import { hookEntityOf, resourceNames, resourceType, resourceTypeOf } from '@glueflow/itglue';
import type { ITGlueClient, ResourceNames } from '@glueflow/itglue';
import { stableStringify } from '../engine/content-hash.js';
import type { Engine } from '../engine/engine.js';
import type { EmittableEvent } from '../engine/events.js';
import type { EntityEvent, EntityType } from '../engine/events.js';
import { entityEvent, hookNameOf } from '../engine/events.js';
import { withoutSecrets } from '@glueflow/itglue';
import type { PluginState } from '../state/plugin-state.js';
import type { Watermark } from '../state/state-values.js';
import { createError } from '../errors/catalogue.js';
import type { Logger } from '../logging/index.js';

/** The feeds `watch` polls: RESOURCE_TYPES rows marked `watched`, by their cache name. */
export const WATCHABLE_TYPES: readonly WatchableType[] = resourceNames('watched', 'jsonType');
export type WatchableType = ResourceNames<'watched', 'jsonType'>;

/** The entity its events carry (`flexible-asset`); locations have no entity hooks, so no events. */
const entityOf = (type: WatchableType): EntityType | undefined =>
  hookEntityOf(resourceType(type, 'jsonType'));

/** Attributes whose change is not a change of the record (they move with every write). */
const NOISE = new Set(['updatedAt', 'createdAt', 'resourceUrl']);
const WEEK_MS = 7 * 24 * 3600 * 1000;
/** Events kept in a report; a long-running watch hands them to listeners, not to memory. */
const REPORT_LIMIT = 10_000;

export interface WatchOptions {
  /** Milliseconds between polls (default 60 s). */
  interval?: number;
  /** Feeds to poll (default: all of WATCHABLE_TYPES). */
  types?: readonly string[];
  /** One poll, then return. */
  once?: boolean;
  signal?: AbortSignal;
  /** After each poll, for progress output. */
  onPoll?(poll: { number: number; events: number; failed: number }): void;
}

export interface WatchedEvent {
  hook: string;
  id: string;
  type: string;
  action: string;
  recordId: string;
  at: string;
  changedFields?: string[];
}

export interface WatchReport {
  polls: number;
  events: WatchedEvent[];
  /** Events some listener failed on (they will be delivered again). */
  failed: number;
  /** Feeds whose baseline was set by this watch (no events for them yet). */
  baselined: string[];
  /** Activity-log entries of a shape the watcher cannot place (no usable time, action or type): skipped. */
  skipped: number;
}

/** A record a webhook named: its watched type (`passwords`, …) and IT Glue id. */
export interface RecheckRequest {
  type: string;
  id: string;
}

export interface RecheckResult {
  /**
   * fired: events delivered; unchanged: the cache already had it (a repeat, or a poll was first);
   * not-found: IT Glue has no such record (nothing fired); baselined: the type had no baseline yet,
   * now it has (nothing fired); failed: a listener failed (the next poll delivers it again).
   */
  outcome: 'fired' | 'unchanged' | 'not-found' | 'baselined' | 'failed';
  events: WatchedEvent[];
}

/** What one poll did: events delivered per hook name, changes some listener failed on, log entries skipped. */
export interface PollTally {
  events: Record<string, number>;
  failed: number;
  skipped: number;
}

interface WatcherParts {
  /** Wraps every poll (the runtime records each in the run history); returns or rethrows the poll's own. */
  aroundPoll?: (poll: () => Promise<PollTally>) => Promise<PollTally>;
  client: ITGlueClient;
  cache: MetadataCache;
  engine: Engine;
  state: PluginState;
  instance: string;
  logger: Logger;
  now?: () => Date;
}

export class ChangeWatcher {
  constructor(private readonly parts: WatcherParts) {}

  async watch(options: WatchOptions = {}): Promise<WatchReport> {
    const types = checkTypes(options.types);
    const report: WatchReport = { polls: 0, events: [], failed: 0, baselined: [], skipped: 0 };
    const pollOnce = () => this.tallied(types, report);
    for (;;) {
      const tally = await (this.parts.aroundPoll ? this.parts.aroundPoll(pollOnce) : pollOnce());
      report.polls++;
      options.onPoll?.({
        number: report.polls,
        events: Object.values(tally.events).reduce((a, b) => a + b, 0),
        failed: tally.failed,
      });
      if (options.once || options.signal?.aborted) return report;
      await sleep(options.interval ?? 60_000, options.signal);
      if (options.signal?.aborted) return report;
    }
  }

  /** One poll, counted on its own (the report's event list stops growing at REPORT_LIMIT; counts do not). */
  private async tallied(types: WatchableType[], report: WatchReport): Promise<PollTally> {
    const before = { failed: report.failed, skipped: report.skipped };
    this.#tally = {};
    await this.poll(types, report);
    return {
      events: this.#tally,
      failed: report.failed - before.failed,
      skipped: report.skipped - before.skipped,
    };
  }
  #tally: Record<string, number> = {};

  /** An event every listener was given (taken or not): into the report and this poll's counts. */
  private delivered(event: EmittableEvent, report: WatchReport): void {
    const seen = watchedEventOf(event);
    this.#tally[seen.hook] = (this.#tally[seen.hook] ?? 0) + 1;
    if (report.events.length < REPORT_LIMIT) report.events.push(seen);
  }

  private async poll(types: WatchableType[], report: WatchReport): Promise<void> {
    const now = this.parts.now?.() ?? new Date();
    for (const type of types) {
      const watermark = await this.parts.state.watermarks.get(type);
      if (!watermark) {
        await this.parts.cache.refresh([type as CachedType]);
        await this.parts.state.watermarks.set(type, { at: now.toISOString(), seenIds: [] });
        report.baselined.push(type);
        continue;
      }
      const changed = await this.changedSince(type, watermark, now);
      await this.announce(type, changed, watermark, report);
    }
    await this.deletions(types, now, report);
  }

  /** Records changed since the watermark, oldest first, without the ones seen at exactly that instant. */
  private async changedSince(type: WatchableType, mark: Watermark, now: Date): Promise<CachedRecord[]> {
    const out: CachedRecord[] = [];
    const keep = (record: CachedRecord) => {
      const at = String(record.updatedAt ?? '');
      if (at < mark.at) return false;
      if (at === mark.at && mark.seenIds.includes(String(record.id))) return true;
      out.push(record);
      return true;
    };
    const c = this.parts.client;
    if (type === 'organizations') {
      for (let start = Date.parse(mark.at); start <= now.getTime(); start += WEEK_MS) {
        // Filters take whole seconds: round the end up, or a change in the current second is missed.
        const end = new Date(Math.ceil(Math.min(now.getTime(), start + WEEK_MS - 1000) / 1000) * 1000);
        const range = { start: new Date(start), end };
        for await (const org of c.organizations.list({ filter: { updatedAt: range }, sort: 'updated_at' }))
          keep(org as unknown as CachedRecord);
      }
    } else if (type === 'flexible-assets') {
      for await (const assetType of c.flexibleAssetTypes.list()) {
        await c.secretTraits.load(assetType.id); // which traits to leave out of events and the cache
        await scanNewestFirst(
          c.flexibleAssets.list({ flexibleAssetTypeId: assetType.id, sort: '-updated_at' }),
          keep,
        );
      }
    } else {
      await scanNewestFirst(c[resourceType(type, 'jsonType').client].list({ sort: '-updated_at' }), keep);
    }
    return out.sort((a, b) => String(a.updatedAt).localeCompare(String(b.updatedAt)));
  }

  private async announce(
    type: WatchableType,
    records: CachedRecord[],
    mark: Watermark,
    report: WatchReport,
  ): Promise<void> {
    let next: Watermark = mark;
    let allDelivered = true;
    for (const live of records) {
      const record = await this.deliverChange(type, live, mark.at, report);
      if (!record) {
        allDelivered = false;
        continue; // not stored: the next poll sees the change again and re-delivers it
      }
      const at = String(record.updatedAt ?? mark.at);
      next =
        at === next.at
          ? { at, seenIds: [...next.seenIds, String(record.id)] }
          : { at, seenIds: [String(record.id)] };
    }
    if (allDelivered && next !== mark) await this.parts.state.watermarks.set(type, next);
  }

  /**
   * One record as read now against the cache: its events go to every listener, then it is stored.
   * Returns what was stored, or undefined when a listener failed (counted; the change is seen again).
   */
  private async deliverChange(
    type: WatchableType,
    live: CachedRecord,
    since: string,
    report: WatchReport,
  ): Promise<CachedRecord | undefined> {
    // Compared and announced without secret values, as the cache holds it.
    const record = withoutSecrets(live, this.parts.client.secretTraits.known(live.flexibleAssetTypeId));
    const before = await this.parts.cache.peek(type as CachedType, String(record.id));
    let delivered = true;
    for (const event of this.eventsFor(type, before, record, since)) {
      const failures = await this.parts.engine.deliver(event);
      if (failures.length > 0) delivered = false;
      this.delivered(event, report);
    }
    if (!delivered) {
      report.failed++;
      return undefined;
    }
    await this.parts.cache.put(type as CachedType, record);
    return record;
  }

  /**
   * One record re-read now, because something (an IT Glue Workflow webhook) said it changed: the
   * same comparison with the cache, the same events with the same ids, the same cache update as a
   * poll. So a replayed hint, and the poll that later scans past this record, find the cache current
   * and fire nothing again. The hint is never trusted: only what the API answers is compared.
   * The watermark is left alone (the next poll still looks at everything since it).
   */
  async recheck(request: RecheckRequest): Promise<RecheckResult> {
    const [type] = checkTypes([request.type]) as [WatchableType];
    const report: WatchReport = { polls: 0, events: [], failed: 0, baselined: [], skipped: 0 };
    const mark = await this.parts.state.watermarks.get(type);
    if (!mark) {
      // No baseline yet: nothing to compare with, so this sets it, as a first poll does.
      await this.poll([type], report);
      return { outcome: 'baselined', events: [] };
    }
    const live = await this.readOne(type, request.id);
    if (!live) return { outcome: 'not-found', events: [] };
    const stored = await this.deliverChange(type, live, mark.at, report);
    if (!stored) return { outcome: 'failed', events: report.events };
    return { outcome: report.events.length > 0 ? 'fired' : 'unchanged', events: report.events };
  }

  /** The record as IT Glue has it now, or null (404). */
  private async readOne(type: WatchableType, id: string): Promise<CachedRecord | null> {
    const c = this.parts.client;
    const resource = c[resourceType(type, 'jsonType').client] as unknown as {
      get(id: string): Promise<unknown>;
    };
    const record = (await resource.get(id)) as CachedRecord | null;
    if (record && type === 'flexible-assets') await c.secretTraits.load(record.flexibleAssetTypeId);
    return record;
  }

  private eventsFor(
    type: WatchableType,
    before: CachedRecord | null,
    after: CachedRecord,
    since: string,
  ): EmittableEvent[] {
    const entity = entityOf(type);
    if (!entity) return [];
    const change = {
      type: entity,
      source: 'watch' as const,
      at: (this.parts.now?.() ?? new Date()).toISOString(),
      instance: this.parts.instance,
      record: after,
      version: String(after.updatedAt ?? ''),
    };
    if (!before) {
      const created = String(after.createdAt ?? '') >= since;
      return [entityEvent({ ...change, action: created ? 'created' : 'updated' })];
    }
    const changedFields = Object.keys({ ...before, ...after }).filter(
      (field) =>
        !NOISE.has(field) && stableStringify(before[field] ?? null) !== stableStringify(after[field] ?? null),
    );
    if (changedFields.length === 0) return [];
    // IT Glue moves password-updated-at only when the value changed: onPasswordRotated, metadata only.
    const rotated = type === 'passwords' && changedFields.includes('passwordUpdatedAt');
    return [
      entityEvent({
        ...change,
        action: 'updated',
        before,
        changedFields,
        ...(rotated
          ? {
              rotation: {
                passwordUpdatedAt: String(after.passwordUpdatedAt),
                previousPasswordUpdatedAt: (before.passwordUpdatedAt as string | null | undefined) ?? null,
              },
            }
          : {}),
      }),
    ];
  }

  /** `delete` entries of the activity log since the last look, for the watched types. */
  private async deletions(types: WatchableType[], now: Date, report: WatchReport): Promise<void> {
    const mark = await this.parts.state.watermarks.get('logs');
    if (!mark) {
      await this.parts.state.watermarks.set('logs', { at: now.toISOString(), seenIds: [] });
      return;
    }
    let next: Watermark = mark;
    let odd = 0;
    for await (const log of this.parts.client.logs.list({ since: new Date(mark.at), until: now })) {
      const at = instantOf(log.createdAt);
      // IT Glue's log grows new shapes over time: an entry we cannot place is skipped, never fatal.
      if (at === null || typeof log.action !== 'string' || typeof log.resourceType !== 'string') {
        odd++;
        continue;
      }
      if (at < mark.at || (at === mark.at && mark.seenIds.includes(String(log.id)))) continue;
      // `/logs` names the type by its label (`Flexible Asset`).
      const row = resourceTypeOf(log.resourceType, ['label']);
      const type = row?.watched ? row.jsonType : undefined;
      if (log.action === 'delete' && type && types.includes(type) && entityOf(type)) {
        const delivered = await this.announceDeletion(type, log, report);
        if (!delivered) break;
      }
      next =
        at === next.at
          ? { at, seenIds: [...next.seenIds, String(log.id)] }
          : { at, seenIds: [String(log.id)] };
    }
    // Up to the first event a listener failed on: that one and the rest are read again next time.
    if (next !== mark) await this.parts.state.watermarks.set('logs', next);
    if (odd > 0) {
      report.skipped += odd;
      this.parts.logger.warn(
        `${odd} activity-log entr${odd === 1 ? 'y' : 'ies'} of an unknown shape skipped (no usable created-at, action or resource-type)`,
        { feed: 'logs', skipped: odd },
      );
    }
  }

  private async announceDeletion(
    type: WatchableType,
    log: {
      id: string | number;
      resourceName?: string | null;
      organizationId?: string | number | null;
      createdAt?: string | null;
    },
    report: WatchReport,
  ): Promise<boolean> {
    const name = String(log.resourceName ?? '');
    const organizationId =
      type === 'organizations' || log.organizationId == null ? undefined : String(log.organizationId);
    const { records } = await this.parts.cache.findByName(type as CachedType, name, {
      indexOnly: true,
      ...(organizationId ? { organizationId } : {}),
    });
    const record = records[0];
    if (!record) return true; // never seen by us: nothing to announce
    const entity = entityOf(type);
    if (!entity) return true; // no entity hooks: nothing to announce
    const event = entityEvent({
      type: entity,
      action: 'deleted',
      source: 'watch',
      at: String(log.createdAt ?? new Date().toISOString()),
      instance: this.parts.instance,
      record,
      version: String(log.id),
    });
    const failures = await this.parts.engine.deliver(event);
    this.delivered(event, report);
    if (failures.length > 0) {
      report.failed++;
      return false;
    }
    await this.parts.cache.invalidate(type as CachedType, String(record.id));
    return true;
  }
}

function checkTypes(types: readonly string[] | undefined): WatchableType[] {
  if (!types || types.length === 0) return [...WATCHABLE_TYPES];
  const unknown = types.filter((t) => !(WATCHABLE_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0) {
    throw createError('EWATCH_TYPES', { unknown, known: [...WATCHABLE_TYPES] });
  }
  return types as WatchableType[];
}

/** Newest first: stop at the first record older than the watermark (the rest are older still). */
async function scanNewestFirst(records: AsyncIterable<unknown>, keep: (record: CachedRecord) => boolean) {
  for await (const record of records) if (!keep(record as CachedRecord)) break;
}

/** What a watch report (and `glueflow watch --json`) says of an event: identity and what changed, never the record. */
export function watchedEventOf(event: EntityEvent | EmittableEvent): WatchedEvent {
  return {
    hook: hookNameOf(event),
    id: event.id,
    type: event.type,
    action: event.action,
    recordId: event.recordId,
    at: event.at,
    ...(event.changedFields ? { changedFields: event.changedFields } : {}),
  };
}

/** Waits `ms`, or less when `signal` aborts; never rejects (Node's own timer, no listener left behind). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
}

/** A log time as the ISO form watermarks use (IT Glue may send `…:31Z` or `…:31.000Z`), or null. */
function instantOf(value: string | null | undefined): string | null {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
