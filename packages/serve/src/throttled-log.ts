/**
 * A log line that may be asked for thousands of times a second (a scanner hammering a wrong token):
 * every occurrence is counted, at most one line per interval is written, carrying the count since.
 */
export class ThrottledLog {
  #pending = 0;
  #lastAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly write: (count: number) => void,
    private readonly intervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  hit(): void {
    this.#pending++;
    const at = this.now();
    if (at - this.#lastAt < this.intervalMs) return;
    this.#lastAt = at;
    const count = this.#pending;
    this.#pending = 0;
    this.write(count);
  }
}
