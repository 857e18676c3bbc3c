import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One writer at a time on a connection. SQLite transactions belong to the connection, not to the
 * caller, so two interleaved async writers on one connection would share (and could roll back) each
 * other's transaction. Nested calls from inside the holder run directly, so an atomic block can call
 * other writing methods.
 */
export class WriteLock {
  #tail: Promise<void> = Promise.resolve();
  readonly #holder = new AsyncLocalStorage<true>();

  get held(): boolean {
    return this.#holder.getStore() === true;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.held) return fn();
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await this.#holder.run(true, fn);
    } finally {
      release();
    }
  }
}
