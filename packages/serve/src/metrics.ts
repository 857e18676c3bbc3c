/**
 * GET /metrics: Prometheus text from prom-client, on a registry of this service's own (never the
 * process-global one). Counters are fed by the engine's hooks as things happen; gauges that mirror the
 * client (budget, breaker, in flight) are read from client.stats() when Prometheus scrapes.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Runtime } from '@glueflow/core';
import type { WorkerRow } from './run-worker.js';
import type { WorkQueue } from './work-queue.js';

const TAP = 'glueflow:serve-metrics';
const CIRCUIT_STATES = ['closed', 'open', 'half-open'] as const;

export type WebhookOutcome =
  | 'queued'
  | 'duplicate'
  | 'ignored'
  | 'rejected'
  | 'overflow'
  | 'bad-request'
  /** A plugin receiver answered 2xx / failed with a 5xx. */
  | 'answered'
  | 'error';

export class ServeMetrics {
  readonly registry = new Registry();
  /** When IT Glue last answered 2xx (for /readyz): the key was accepted then. */
  lastSuccessAt: number | undefined;

  readonly webhooks = new Counter({
    name: 'glueflow_webhook_deliveries_total',
    help: 'Webhook deliveries received, by source and what became of them.',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly rechecks = new Counter({
    name: 'glueflow_webhook_rechecks_total',
    help: 'Records re-read for a webhook hint, by result (fired, unchanged, not-found, baselined, failed, error).',
    labelNames: ['source', 'result'] as const,
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'glueflow_webhook_queue_depth',
    help: 'Webhook hints waiting to be re-read.',
    registers: [this.registry],
  });
  readonly triggered = new Counter({
    name: 'glueflow_pushed_runs_total',
    help: 'Runs that plugin receivers asked for (Graph, HubSpot, ConnectWise …), by pipeline and status.',
    labelNames: ['pipeline', 'status'] as const,
    registers: [this.registry],
  });
  readonly triggerDepth = new Gauge({
    name: 'glueflow_pushed_items_waiting',
    help: 'Items named by pushes, waiting for their run.',
    registers: [this.registry],
  });
  readonly scheduled = new Counter({
    name: 'glueflow_schedule_fires_total',
    help: 'Scheduled fires per pipeline: started, or skipped because the pipeline was still running.',
    labelNames: ['pipeline', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(runtime: Runtime) {
    const r = [this.registry];
    const requests = new Counter({
      name: 'glueflow_itglue_requests_total',
      help: 'IT Glue API requests, by method and status (status "none" when no answer came).',
      labelNames: ['method', 'status'] as const,
      registers: r,
    });
    const latency = new Histogram({
      name: 'glueflow_itglue_request_duration_seconds',
      help: 'IT Glue API request latency.',
      labelNames: ['method'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: r,
    });
    const retries = new Counter({
      name: 'glueflow_itglue_retries_total',
      help: 'Requests retried.',
      registers: r,
    });
    const throttled = new Counter({
      name: 'glueflow_itglue_rate_limited_total',
      help: 'HTTP 429 answers from IT Glue.',
      registers: r,
    });
    const runDuration = new Histogram({
      name: 'glueflow_run_duration_seconds',
      help: 'Pipeline run durations, by pipeline and status.',
      labelNames: ['pipeline', 'status'] as const,
      buckets: [1, 5, 15, 60, 300, 900, 3600],
      registers: r,
    });
    const items = new Counter({
      name: 'glueflow_run_items_total',
      help: 'Items handled by pipeline runs, by pipeline and outcome (created, updated, unchanged, skipped, failed …).',
      labelNames: ['pipeline', 'outcome'] as const,
      registers: r,
    });
    const stats = () => runtime.client.stats();
    new Gauge({
      name: 'glueflow_itglue_budget',
      help: 'The IT Glue rate budget: used in the window, limit in force, learned limit (-1: none learned).',
      labelNames: ['kind'] as const,
      registers: r,
      async collect() {
        const { budget } = await stats();
        this.set({ kind: 'used' }, budget.used);
        this.set({ kind: 'limit' }, budget.limit);
        this.set({ kind: 'learned_limit' }, budget.learnedLimit ?? -1);
      },
    });
    new Gauge({
      name: 'glueflow_itglue_circuit_state',
      help: 'The circuit breaker: 1 for the state it is in (closed, open, half-open), 0 for the others.',
      labelNames: ['state'] as const,
      registers: r,
      async collect() {
        const { circuit } = await stats();
        for (const state of CIRCUIT_STATES) this.set({ state }, circuit.state === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'glueflow_itglue_in_flight',
      help: 'IT Glue requests in flight and queued in the client.',
      labelNames: ['kind'] as const,
      registers: r,
      async collect() {
        const s = await stats();
        this.set({ kind: 'in_flight' }, s.inFlight);
        this.set({ kind: 'queued' }, s.queued);
      },
    });

    const hooks = runtime.engine.hooks;
    hooks.onRequest.tap(TAP, (request) => {
      requests.inc({ method: request.method, status: String(request.status ?? 'none') });
      latency.observe({ method: request.method }, request.durationMs / 1000);
      if (request.status !== undefined && request.status >= 200 && request.status < 300) {
        this.lastSuccessAt = Date.now();
      }
    });
    hooks.onRetry.tap(TAP, () => retries.inc());
    hooks.onRateLimited.tap(TAP, () => throttled.inc());
    hooks.afterRun.tapPromise(TAP, async (run, summary) => {
      const seconds = Math.max(0, (Date.now() - Date.parse(run.startedAt)) / 1000);
      runDuration.observe({ pipeline: run.pipeline, status: summary.status }, seconds);
      for (const [outcome, count] of Object.entries(summary.counts)) {
        if (typeof count === 'number' && count > 0) items.inc({ pipeline: run.pipeline, outcome }, count);
      }
    });
  }

  /** Queue depth, active, failed and per-worker throughput of the BullMQ work queue (read at scrape). */
  watchQueue(queue: WorkQueue, workers: () => Promise<WorkerRow[]>): void {
    const r = [this.registry];
    new Gauge({
      name: 'glueflow_queue_jobs',
      help: 'Pipeline run jobs in the work queue, by state (waiting, active, delayed, failed, completed).',
      labelNames: ['state'] as const,
      registers: r,
      async collect() {
        for (const [state, count] of Object.entries(await queue.counts())) this.set({ state }, count);
      },
    });
    new Gauge({
      name: 'glueflow_worker_jobs',
      help: 'Jobs each live worker finished since it started, by outcome (completed, failed), and in progress (active).',
      labelNames: ['worker', 'outcome'] as const,
      registers: r,
      async collect() {
        this.reset();
        for (const row of await workers()) {
          this.set({ worker: row.id, outcome: 'completed' }, row.completed);
          this.set({ worker: row.id, outcome: 'failed' }, row.failed);
          this.set({ worker: row.id, outcome: 'active' }, row.current.length);
        }
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
