/** At most `limit` tasks at once; the rest wait in order (Graph allows 4 concurrent requests per mailbox). */
export class Semaphore {
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active < this.limit) this.#active += 1;
    // A finishing task hands its slot straight to the next waiter, so no newcomer can slip in between.
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active -= 1;
    }
  }
}
