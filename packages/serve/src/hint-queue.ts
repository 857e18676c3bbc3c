/**
 * Webhook hints wait here between the 202 and their recheck: bounded (a full queue answers 503 with
 * Retry-After instead of growing without end), one worker, and a hint already waiting for the same
 * record is not queued twice (IT Glue retries; one recheck answers both).
 */
import { finishedWithin } from './finished-within.js';
export interface QueueItem<T> {
  key: string;
  value: T;
}

export class HintQueue<T> {
  readonly #items: Array<QueueItem<T>> = [];
  readonly #waiting = new Set<string>();
  #working: Promise<void> | undefined;
  #closed = false;

  constructor(
    private readonly capacity: number,
    private readonly work: (value: T) => Promise<void>,
    private readonly onDepth: (depth: number) => void = () => undefined,
  ) {}

  get depth(): number {
    return this.#items.length;
  }

  /** 'queued', 'duplicate' (the same record waits already), 'full' or 'closed'. */
  offer(key: string, value: T): 'queued' | 'duplicate' | 'full' | 'closed' {
    if (this.#closed) return 'closed';
    if (this.#waiting.has(key)) return 'duplicate';
    if (this.#items.length >= this.capacity) return 'full';
    this.#items.push({ key, value });
    this.#waiting.add(key);
    this.onDepth(this.#items.length);
    this.#working ??= this.#drain().finally(() => (this.#working = undefined));
    return 'queued';
  }

  async #drain(): Promise<void> {
    for (let item = this.#items.shift(); item; item = this.#items.shift()) {
      this.#waiting.delete(item.key);
      this.onDepth(this.#items.length);
      await this.work(item.value); // `work` reports its own failures
    }
  }

  /** Resolves when nothing is queued or being worked on. */
  async idle(): Promise<void> {
    while (this.#working) await this.#working;
  }

  /** Takes nothing more; resolves when what was queued is done (true) or `timeoutMs` passed (false). */
  async close(timeoutMs: number): Promise<boolean> {
    this.#closed = true;
    if (!this.#working) return true;
    return finishedWithin(this.#working, timeoutMs);
  }

  /** Whatever is still waiting (after a drain timeout), for the log. */
  abandon(): number {
    const left = this.#items.length;
    this.#items.length = 0;
    this.#waiting.clear();
    return left;
  }
}
