/** Time for the subscription service, injected so tests drive renewals without waiting days. */
export interface PushClock {
  now(): number;
  /** Calls `fn` after `ms`; the returned function cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

/** Node's setTimeout caps a delay at 2^31-1 ms (~24.8 days); longer ones fire at once. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export const systemClock: PushClock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, Math.min(Math.max(0, ms), MAX_DELAY_MS));
    timer.unref(); // serve's listener keeps the process alive, never a renewal timer
    return () => clearTimeout(timer);
  },
};
