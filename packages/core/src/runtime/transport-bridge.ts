/**
 * The client knows plain callbacks, the engine tapable hooks: this bridges one to the other (epoch ms
 * become ISO strings) and counts requests, retries and 429s for the run summary.
 */
import type { ClientHooks } from '@glueflow/itglue';
import type { EngineHooks } from '../engine/hooks.js';
import type { RequestStats, ResponseWarning } from '../engine/hook-types.js';

export class TransportBridge {
  #hooks: EngineHooks | null = null;
  readonly #counts = { total: 0, retries: 0, rateLimited: 0 };
  readonly #odd = new Map<string, ResponseWarning>();

  /** Hooks for createITGlueClient; they forward once `connect` has been given the engine's hooks. */
  readonly clientHooks: ClientHooks = {
    onRequest: (event) => {
      this.#counts.total++;
      const { priority: _priority, budgetWaitMs: _budgetWaitMs, ...request } = event;
      this.#hooks?.onRequest.call(request);
    },
    onRetry: (event) => {
      this.#counts.retries++;
      this.#hooks?.onRetry.call({ ...event });
    },
    onRateLimited: (event) => {
      this.#counts.rateLimited++;
      this.#hooks?.onRateLimited.call({
        pausedUntil: new Date(event.pausedUntil ?? Date.now() + (event.retryAfterMs ?? 0)).toISOString(),
        retryAfterMs: event.retryAfterMs ?? 0,
        ...(event.learnedLimit === null ? {} : { learnedLimit: event.learnedLimit }),
      });
    },
    onOddAttribute: (odd) => {
      const key = `${odd.type}.${odd.attribute}`;
      const seen = this.#odd.get(key);
      if (seen) seen.count++;
      else
        this.#odd.set(key, {
          code: 'EITGLUE_ODD_ATTRIBUTE',
          type: odd.type,
          attribute: odd.attribute,
          expected: odd.expected,
          found: odd.found,
          count: 1,
        });
    },
    onCircuitStateChange: (change) => {
      const { consecutiveFailures: _failures, ...transition } = change;
      this.#hooks?.onCircuitStateChange.call({ ...transition, at: new Date(change.at).toISOString() });
    },
  };

  connect(hooks: EngineHooks): void {
    this.#hooks = hooks;
  }

  stats(): RequestStats {
    return { ...this.#counts, warnings: [...this.#odd.values()].map((w) => ({ ...w })) };
  }
}
