/** A PushClock tests move by hand: `advance()` fires the timers that fell due, in order. */
import type { PushClock } from '../push/push-clock.js';

export interface ManualClock extends PushClock {
  advance(ms: number): void;
  /** Timers set and not yet fired or cancelled. */
  readonly pending: number;
}

export function manualClock(start = Date.now()): ManualClock {
  let now = start;
  let timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => now,
    setTimer(fn, ms) {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return () => void (timers = timers.filter((t) => t !== timer));
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = Math.max(now, due.at);
        due.fn();
      }
      now = until;
    },
    get pending() {
      return timers.length;
    },
  };
}
