/**
 * A small circuit breaker, written here rather than taken from opossum on purpose: opossum opens on
 * an error *percentage* over rolling time buckets (with a minimum volume) and wraps the call in its
 * own timeout, while the contract here is "N consecutive failed calls" (a call = one logical request
 * after its retries), with axios owning timeouts. Bending opossum to that would take more code than this.
 *
 * closed --N consecutive failures--> open --halfOpenAfterMs--> half-open (one probe)
 * half-open --probe succeeds--> closed;  --probe fails--> open (timer restarts)
 */
import { createError } from './errors/index.js';
import { systemClock } from './clock.js';
import type { Clock } from './clock.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitStateChange {
  from: CircuitState;
  to: CircuitState;
  at: number;
  consecutiveFailures: number;
}

export interface CircuitBreakerOptions {
  /** Consecutive failed calls that open the circuit. Default 5. */
  failureThreshold?: number;
  /** Time open before one probe call is let through. Default 60 000 ms. */
  halfOpenAfterMs?: number;
  clock?: Clock;
  onStateChange?: (change: CircuitStateChange) => void;
}

export interface Admission {
  probe: boolean;
  generation: number;
}

export interface CircuitSnapshot {
  state: CircuitState;
  consecutiveFailures: number;
  /** When the current open period ends (epoch ms), or null. */
  nextProbeAt: number | null;
}

export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly halfOpenAfterMs: number;
  private readonly clock: Clock;
  private readonly onStateChange: ((change: CircuitStateChange) => void) | undefined;
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  /** Bumped each time the circuit opens: calls admitted before that must not go out. */
  private generation = 0;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.halfOpenAfterMs = options.halfOpenAfterMs ?? 60_000;
    this.clock = options.clock ?? systemClock;
    this.onStateChange = options.onStateChange;
  }

  get state(): CircuitState {
    return this.current;
  }

  snapshot(): CircuitSnapshot {
    return {
      state: this.current,
      consecutiveFailures: this.failures,
      nextProbeAt: this.current === 'open' ? this.openedAt + this.halfOpenAfterMs : null,
    };
  }

  /** Lets a call through, or throws EITGLUE_CIRCUIT_OPEN. */
  admit(): Admission {
    if (this.current === 'open' && this.clock.now() >= this.openedAt + this.halfOpenAfterMs) {
      this.transition('half-open');
    }
    if (this.current === 'closed') return { probe: false, generation: this.generation };
    if (this.current === 'half-open' && !this.probeInFlight) {
      this.probeInFlight = true;
      return { probe: true, generation: this.generation };
    }
    throw this.openError();
  }

  /** Re-checks an admitted call just before it is sent (it may have waited in the queue). */
  confirm(admission: Admission): void {
    if (!admission.probe && (this.current !== 'closed' || admission.generation !== this.generation)) {
      throw this.openError();
    }
  }

  success(admission: Admission): void {
    this.failures = 0;
    if (admission.probe) this.probeInFlight = false;
    if (this.current !== 'closed' && (admission.probe || this.current === 'half-open'))
      this.transition('closed');
  }

  failure(admission: Admission): void {
    this.failures++;
    if (admission.probe) {
      this.probeInFlight = false;
      this.open();
    } else if (this.current === 'closed' && this.failures >= this.failureThreshold) {
      this.open();
    }
  }

  /** The call ended without telling anything about IT Glue's health (aborted, 4xx …). */
  neutral(admission: Admission): void {
    if (admission.probe) {
      // A 404 or 422 still proves IT Glue answers: that closes the circuit.
      this.success(admission);
    }
  }

  /** Releases a probe that never went out (cancelled while queued). */
  release(admission: Admission): void {
    if (admission.probe) this.probeInFlight = false;
  }

  private open(): void {
    this.openedAt = this.clock.now();
    this.generation++;
    this.transition('open');
  }

  private transition(to: CircuitState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    try {
      this.onStateChange?.({ from, to, at: this.clock.now(), consecutiveFailures: this.failures });
    } catch {
      // A listener's failure must never change how calls are admitted.
    }
  }

  private openError() {
    return createError('EITGLUE_CIRCUIT_OPEN', {
      failures: this.failures,
      retryInMs: Math.max(0, this.openedAt + this.halfOpenAfterMs - this.clock.now()),
    });
  }
}
