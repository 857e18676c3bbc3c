import type { Clock } from '../clock.js';

/** A clock whose sleep advances time at once: budget tests cover minutes in milliseconds. */
export class FakeClock implements Clock {
  private offset = 0;
  readonly sleeps: number[] = [];

  constructor(private readonly start = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.start + this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.offset += Math.max(0, ms);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
