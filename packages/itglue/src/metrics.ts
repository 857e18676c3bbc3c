/**
 * RED metrics of one client: rate (requests = HTTP attempts, calls = logical requests),
 * errors (failed calls), duration (p50/p95 over the last 2048 attempts), plus retries and 429s.
 */

const WINDOW = 2048;

export interface MetricsSnapshot {
  calls: number;
  requests: number;
  errors: number;
  retries: number;
  rateLimited: number;
  /** Attributes of an unexpected type that the tolerant reader set aside (tolerant-reader.ts). */
  oddAttributes: number;
  byStatus: Record<string, number>;
  byErrorCode: Record<string, number>;
  latencyMs: { p50: number | null; p95: number | null; max: number | null };
}

export class ClientMetrics {
  private calls = 0;
  private requests = 0;
  private errors = 0;
  private retries = 0;
  private rateLimited = 0;
  private oddAttributes = 0;
  private readonly byStatus: Record<string, number> = {};
  private readonly byErrorCode: Record<string, number> = {};
  private readonly latencies = new Float64Array(WINDOW);
  private latencyCount = 0;

  attempt(status: number | string, durationMs: number): void {
    this.requests++;
    const key = String(status);
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
    if (status === 429) this.rateLimited++;
    this.latencies[this.latencyCount % WINDOW] = durationMs;
    this.latencyCount++;
  }

  oddAttribute(): void {
    this.oddAttributes++;
  }

  retry(): void {
    this.retries++;
  }

  call(errorCode?: string): void {
    this.calls++;
    if (errorCode) {
      this.errors++;
      this.byErrorCode[errorCode] = (this.byErrorCode[errorCode] ?? 0) + 1;
    }
  }

  snapshot(): MetricsSnapshot {
    const n = Math.min(this.latencyCount, WINDOW);
    const sorted = Array.from(this.latencies.subarray(0, n)).sort((a, b) => a - b);
    const pick = (q: number) => (n === 0 ? null : Math.round(sorted[Math.min(n - 1, Math.ceil(q * n) - 1)]!));
    return {
      calls: this.calls,
      requests: this.requests,
      errors: this.errors,
      retries: this.retries,
      rateLimited: this.rateLimited,
      oddAttributes: this.oddAttributes,
      byStatus: { ...this.byStatus },
      byErrorCode: { ...this.byErrorCode },
      latencyMs: { p50: pick(0.5), p95: pick(0.95), max: n === 0 ? null : Math.round(sorted[n - 1]!) },
    };
  }
}
