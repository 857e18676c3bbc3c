/**
 * An in-process RateBudgetStore: for a single short-lived process that must not touch the disk.
 * It shares nothing with other processes — the SQLite store is the default for that reason.
 */
import {
  applyHeaders,
  applySettle,
  applyThrottle,
  decideAcquire,
  recentStart,
  toSnapshot,
  windowStart,
} from './policy.js';
import { INITIAL_STATE } from './types.js';
import type {
  AcquireResult,
  BudgetLimits,
  BudgetSnapshot,
  BudgetState,
  HeaderReport,
  RateBudgetStore,
  SettleOutcome,
  ThrottleEvent,
  WindowFacts,
} from './types.js';

export class MemoryRateBudgetStore implements RateBudgetStore {
  private readonly grants = new Map<string, Array<{ id: number; at: number }>>();
  private nextId = 1;
  private readonly states = new Map<string, BudgetState>();

  async tryAcquire(key: string, limits: BudgetLimits, now: number): Promise<AcquireResult> {
    const facts = this.facts(key, limits, now);
    const decision = decideAcquire(this.state(key), facts, limits, now);
    let grantId: number | undefined;
    if (decision.granted) {
      grantId = this.nextId++;
      this.list(key).push({ id: grantId, at: now });
      facts.count += 1;
      facts.oldestAt ??= now;
    }
    this.states.set(key, decision.next);
    const result: AcquireResult = {
      granted: decision.granted,
      waitMs: decision.waitMs,
      snapshot: toSnapshot(decision.next, facts, limits, now),
    };
    if (decision.reason) result.reason = decision.reason;
    if (grantId !== undefined) result.grantId = grantId;
    return result;
  }

  async settle(key: string, grantId: number, at: number, outcome?: SettleOutcome): Promise<void> {
    const grant = this.list(key).find((entry) => entry.id === grantId);
    if (grant && grant.at < at) grant.at = at;
    if (outcome) this.states.set(key, applySettle(this.state(key), outcome));
  }

  async recordThrottle(key: string, limits: BudgetLimits, event: ThrottleEvent): Promise<BudgetSnapshot> {
    const facts = this.facts(key, limits, event.at);
    facts.recent = this.since(key, recentStart(limits, event.at));
    const next = applyThrottle(this.state(key), facts, limits, event);
    this.states.set(key, next);
    return toSnapshot(next, facts, limits, event.at);
  }

  async recordHeaders(key: string, limits: BudgetLimits, report: HeaderReport): Promise<void> {
    const { next, phantoms } = applyHeaders(
      this.state(key),
      this.facts(key, limits, report.at),
      limits,
      report,
    );
    this.states.set(key, next);
    for (let i = 0; i < phantoms; i++) this.list(key).push({ id: this.nextId++, at: report.at });
  }

  async snapshot(key: string, limits: BudgetLimits, now: number): Promise<BudgetSnapshot> {
    return toSnapshot(this.state(key), this.facts(key, limits, now), limits, now);
  }

  async close(): Promise<void> {}

  private state(key: string): BudgetState {
    return this.states.get(key) ?? INITIAL_STATE;
  }

  private list(key: string): Array<{ id: number; at: number }> {
    let list = this.grants.get(key);
    if (!list) this.grants.set(key, (list = []));
    return list;
  }

  private facts(key: string, limits: BudgetLimits, now: number): WindowFacts {
    const start = windowStart(limits, now);
    this.grants.set(
      key,
      this.list(key).filter((entry) => entry.at > start),
    );
    return this.since(key, start);
  }

  /** Count and oldest of the grants after `start`. */
  private since(key: string, start: number): { count: number; oldestAt: number | null } {
    let count = 0;
    let oldestAt: number | null = null;
    for (const entry of this.list(key)) {
      if (entry.at <= start) continue;
      count++;
      if (oldestAt === null || entry.at < oldestAt) oldestAt = entry.at;
    }
    return { count, oldestAt };
  }
}
