/**
 * One rate budget per API key. Acquiring waits (sleeping, never spinning) until the shared store
 * grants a slot. Waiters in this process queue by priority, so an interactive call or the change
 * watcher is served before the next bulk request; the store decides across processes.
 */
import PQueue from 'p-queue';
import { systemClock } from '../clock.js';
import type { Clock } from '../clock.js';
import type { BudgetLimits, BudgetSnapshot, RateBudgetStore } from './types.js';

export type Priority = 'interactive' | 'watch' | 'bulk';

/** p-queue runs higher numbers first. */
export const PRIORITY_RANK: Record<Priority, number> = { interactive: 2, watch: 1, bulk: 0 };

export interface RateBudgetOptions {
  store: RateBudgetStore;
  /** Hash of the API key (see keyIdOf); never the key. */
  keyId: string;
  /** Default 3000. */
  requests?: number;
  /** Default 300. */
  windowSeconds?: number;
  /** Default: 0.5 % of the window, between 50 ms and 1 s. */
  marginMs?: number;
  /** Default: one window. */
  recoverAfterMs?: number;
  clock?: Clock;
  /** Longest single sleep before asking the store again (other processes change things). Default 1 s. */
  maxPollMs?: number;
  /** Source of the short backoff's jitter, in [0, 1). Default Math.random. */
  random?: () => number;
}

export interface Grant {
  /** Grant time (epoch ms): the instant this request was counted. */
  at: number;
  waitedMs: number;
  /** The store's id of this grant (see settle). */
  id?: number;
}

export class RateBudget {
  readonly keyId: string;
  readonly limits: BudgetLimits;
  private readonly store: RateBudgetStore;
  private readonly clock: Clock;
  private readonly maxPollMs: number;
  private readonly random: () => number;
  private readonly gate = new PQueue({ concurrency: 1 });
  private last: BudgetSnapshot | undefined;

  constructor(options: RateBudgetOptions) {
    const requests = options.requests ?? 3000;
    const windowMs = (options.windowSeconds ?? 300) * 1000;
    if (!(requests >= 1) || !(windowMs > 0))
      throw new RangeError('rate budget needs requests >= 1 and windowSeconds > 0');
    this.keyId = options.keyId;
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.maxPollMs = options.maxPollMs ?? 1000;
    this.random = options.random ?? Math.random;
    this.limits = {
      requests,
      windowMs,
      // Requests are settled at their answer (never earlier than the server counted them), so the
      // margin only covers clock and rounding slack: 0.5 % of the window, between 50 ms and 1 s.
      marginMs: options.marginMs ?? Math.min(1000, Math.max(50, windowMs * 0.005)),
      recoverAfterMs: options.recoverAfterMs ?? windowMs,
    };
  }

  /** Waits for a slot; callers of higher priority in this process are served first. */
  acquire(priority: Priority = 'interactive', signal?: AbortSignal): Promise<Grant> {
    const started = this.clock.now();
    return this.gate.add(
      async () => {
        for (;;) {
          signal?.throwIfAborted();
          const now = this.clock.now();
          const result = await this.store.tryAcquire(this.keyId, this.limits, now);
          this.last = result.snapshot;
          if (result.granted) {
            const at = result.at ?? now;
            return {
              at,
              waitedMs: at - started,
              ...(result.grantId === undefined ? {} : { id: result.grantId }),
            };
          }
          await this.clock.sleep(Math.min(result.waitMs, this.maxPollMs), signal);
        }
      },
      { priority: PRIORITY_RANK[priority], ...(signal ? { signal } : {}) },
    );
  }

  /**
   * The request of `grant` got its answer (or failed): it counts from now on (see RateBudgetStore.settle).
   * `accepted`: the server answered, and not with 429 (ends a backoff streak); omit when unknown.
   */
  async settle(grant: Grant, accepted?: boolean): Promise<void> {
    if (grant.id === undefined) return;
    await this.store.settle(
      this.keyId,
      grant.id,
      this.clock.now(),
      accepted === undefined ? undefined : { accepted, grantedAt: grant.at },
    );
  }

  /** A 429 arrived for a request granted at `requestGrantedAt`. */
  async throttled(event: {
    requestGrantedAt: number;
    retryAfterMs?: number;
    resetAt?: number;
    /** The 429 carried X-RateLimit-* headers. */
    rateLimitHeaders?: boolean;
  }): Promise<BudgetSnapshot> {
    this.last = await this.store.recordThrottle(this.keyId, this.limits, {
      at: this.clock.now(),
      jitter: this.random(),
      ...event,
    });
    return this.last;
  }

  /** X-RateLimit-* values of a response, when the server sends them. */
  async headers(report: { limit?: number; remaining?: number; resetAt?: number }): Promise<void> {
    await this.store.recordHeaders(this.keyId, this.limits, { at: this.clock.now(), ...report });
  }

  async snapshot(): Promise<BudgetSnapshot> {
    this.last = await this.store.snapshot(this.keyId, this.limits, this.clock.now());
    return this.last;
  }

  /** The last snapshot seen (no I/O); undefined before the first request. */
  get lastSnapshot(): BudgetSnapshot | undefined {
    return this.last;
  }

  /** Callers waiting in this process. */
  get waiting(): number {
    return this.gate.size + this.gate.pending;
  }
}
