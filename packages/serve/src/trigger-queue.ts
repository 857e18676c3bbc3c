/**
 * Runs that pushes asked for (a plugin route's `serve.trigger()`): items named for the same pipeline
 * step wait together and go out in one targeted run, so a burst of 200 Graph notifications is one or two
 * runs, not 200. Bounded by the number of waiting items (a full queue makes the route answer 503 and the
 * sender retry). One worker: runs of one pipeline never overlap here, and the runtime's per-pipeline lock
 * keeps them from overlapping a scheduled run or another process (a busy pipeline is waited for).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { finishedWithin } from './finished-within.js';
import type { TriggerOutcome, TriggerRequest } from '@glueflow/core';

/** Items per step index of one pipeline; `all`: the whole step (a catch-up). */
export type Targets = Record<number, string[] | 'all'>;

/** What waits for one step: named items, or the whole step (which covers any item). */
type Waiting = Set<string> | 'all';

/** `busy`: the pipeline stayed locked by another run; the items wait for the next attempt. */
export type TargetedRun = (pipeline: string, targets: Targets) => Promise<'done' | 'busy'>;

const RETRY_BUSY_MS = 1_000;

export class TriggerQueue {
  readonly #pending = new Map<string, Map<number, Waiting>>();
  #size = 0;
  #working: Promise<void> | undefined;
  #closed = false;
  readonly #stop = new AbortController();

  constructor(
    private readonly capacity: number,
    private readonly run: TargetedRun,
    private readonly onDepth: (depth: number) => void = () => undefined,
  ) {}

  /** Items waiting (not yet in a run). */
  get depth(): number {
    return this.#size;
  }

  offer(request: TriggerRequest): TriggerOutcome {
    if (this.#closed) return 'closed';
    const steps = this.#pending.get(request.pipeline) ?? new Map<number, Waiting>();
    const waiting = steps.get(request.index);
    if (request.items === undefined) {
      // The whole step covers whatever items waited for it; it counts as one waiting item.
      if (waiting !== 'all' && this.#size - sizeOf(waiting) + 1 > this.capacity) return 'full';
      this.#size += 1 - sizeOf(waiting);
      steps.set(request.index, 'all');
    } else if (waiting !== 'all') {
      const fresh = [...new Set(request.items)].filter((item) => !waiting?.has(item));
      if (this.#size + fresh.length > this.capacity) return 'full';
      const items = waiting ?? new Set<string>();
      for (const item of fresh) items.add(item);
      steps.set(request.index, items);
      this.#size += fresh.length;
    }
    this.#pending.set(request.pipeline, steps);
    this.onDepth(this.#size);
    this.#working ??= this.#drain().finally(() => (this.#working = undefined));
    return waiting ? 'merged' : 'queued';
  }

  async #drain(): Promise<void> {
    while (this.#pending.size > 0 && !this.#stop.signal.aborted) {
      const [pipeline, steps] = this.#pending.entries().next().value as [string, Map<number, Waiting>];
      this.#pending.delete(pipeline);
      const targets: Targets = {};
      for (const [index, items] of steps) targets[index] = items === 'all' ? 'all' : [...items];
      const taken = [...steps.values()].reduce((sum, items) => sum + sizeOf(items), 0);
      this.#size -= taken;
      this.onDepth(this.#size);
      const outcome = await this.run(pipeline, targets); // `run` reports its own failures
      if (outcome === 'busy' && !this.#stop.signal.aborted) {
        for (const [index, items] of Object.entries(targets)) this.#requeue(pipeline, Number(index), items);
        await delay(RETRY_BUSY_MS, undefined, { signal: this.#stop.signal }).catch(() => undefined);
      }
    }
  }

  /** Puts items of a run that could not start back, ahead of any capacity check (they were accepted). */
  #requeue(pipeline: string, index: number, items: string[] | 'all'): void {
    const steps = this.#pending.get(pipeline) ?? new Map<number, Waiting>();
    const before = steps.get(index);
    let waiting: Waiting;
    if (items === 'all' || before === 'all') waiting = 'all';
    else {
      waiting = before ?? new Set<string>();
      for (const item of items) waiting.add(item);
    }
    this.#size += sizeOf(waiting) - sizeOf(before);
    steps.set(index, waiting);
    this.#pending.set(pipeline, steps);
    this.onDepth(this.#size);
  }

  async idle(): Promise<void> {
    while (this.#working) await this.#working;
  }

  /** Takes nothing more; resolves true when the runs in progress finished within `timeoutMs`. */
  async close(timeoutMs: number): Promise<boolean> {
    this.#closed = true;
    if (!this.#working) return true;
    return finishedWithin(this.#working, timeoutMs);
  }

  /** Drops what still waits (after the drain time), for the log; stops retrying busy pipelines. */
  abandon(): number {
    this.#stop.abort();
    const left = this.#size;
    this.#pending.clear();
    this.#size = 0;
    this.onDepth(0);
    return left;
  }
}

function sizeOf(waiting: Waiting | undefined): number {
  if (waiting === undefined) return 0;
  return waiting === 'all' ? 1 : waiting.size;
}
