/**
 * `glueflow health [--json]`: is this instance usable right now? Key accepted, latency, circuit
 * breaker, rate budget, cache freshness, and how long the key went unused (IT Glue revokes a key after
 * 90 idle days; warn from 80). Exit 1 when unhealthy, so monitoring can alert on it.
 */
import type { CacheStats, HealthReport } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { duration } from '../render/format.js';
import { idleDays, KEY_IDLE_WARNING_DAYS, KEY_REVOKED_AFTER_DAYS } from '../session/key-use.js';
import { withItGlue } from '../session/open-session.js';

export interface HealthFlags {
  json?: boolean;
}

export async function healthCommand(ctx: CliContext, flags: HealthFlags): Promise<number> {
  return withItGlue(ctx, async ({ runtime, keySource, keyUse, config }) => {
    const report = await runtime.client.health();
    const cache = await runtime.cache.stats();
    const idle = idleDays(keyUse.previous);
    const staleAfterMs = config.cache.autoRefreshHours * 3_600_000;
    const staleTypes = Object.entries(cache.lastRefresh)
      .filter(([type, at]) => at !== null && cache.entries[type as keyof CacheStats['entries']] > 0)
      .filter(([, at]) => Date.now() - Date.parse(at!) > staleAfterMs)
      .map(([type]) => type);
    const healthy = report.status !== 'down' && report.apiKeyValid !== false;
    const warnings = warningsOf(report, idle, staleTypes);
    const result = {
      status: report.status,
      healthy,
      instance: config.instanceName,
      baseUrl: report.baseUrl,
      apiKey: {
        valid: report.apiKeyValid,
        source: keySource,
        lastSuccessAt: keyUse.previous,
        idleDays: idle,
      },
      latencyMs: report.responseTimeMs,
      circuit: report.circuit,
      budget: report.budget,
      cache: {
        file: cache.file,
        entries: Object.values(cache.entries).reduce((a, b) => a + b, 0),
        hitRate: cache.hitRate,
        bytesOnDisk: cache.bytesOnDisk,
        lastRefresh: cache.lastRefresh,
        staleTypes,
      },
      warnings,
      ...(report.error ? { error: report.error } : {}),
    };
    if (flags.json) ctx.json(result);
    else printHealth(ctx, result, report);
    return healthy ? EXIT.ok : EXIT.fatal;
  });
}

function warningsOf(report: HealthReport, idle: number | null, staleTypes: string[]): string[] {
  const warnings: string[] = [];
  if (idle !== null && idle >= KEY_IDLE_WARNING_DAYS) {
    warnings.push(
      report.apiKeyValid === true
        ? `the API key had not been used successfully for ${idle} days before this check; IT Glue revokes keys after ${KEY_REVOKED_AFTER_DAYS} idle days — schedule a run (or \`glueflow health\`) at least monthly`
        : `the API key has not been used successfully for ${idle} days; IT Glue revokes keys after ${KEY_REVOKED_AFTER_DAYS} idle days — create a new key if it was revoked`,
    );
  }
  if (report.budget.pausedUntil !== null) {
    warnings.push(
      `the rate budget is paused after a 429 until ${new Date(report.budget.pausedUntil).toISOString()}`,
    );
  }
  if (report.circuit.state !== 'closed') {
    warnings.push(
      `the circuit breaker is ${report.circuit.state}: IT Glue failed repeatedly; reads may be served stale from the cache`,
    );
  }
  if (staleTypes.length > 0) {
    warnings.push(
      `cache older than its refresh age for ${staleTypes.join(', ')}: run \`glueflow cache refresh\``,
    );
  }
  return warnings;
}

type HealthResult = {
  status: string;
  healthy: boolean;
  instance: string;
  baseUrl: string;
  apiKey: { valid: boolean | null; source: string; lastSuccessAt: string | null; idleDays: number | null };
  latencyMs: number | null;
  cache: { entries: number; hitRate: number; bytesOnDisk: number };
  warnings: string[];
};

function printHealth(ctx: CliContext, h: HealthResult, report: HealthReport): void {
  const c = ctx.colors;
  const head = h.healthy
    ? c.green(
        `✓ IT Glue instance "${h.instance}" is ${h.status === 'ok' ? 'healthy' : 'reachable but degraded'}`,
      )
    : c.red(`✗ IT Glue instance "${h.instance}" is unhealthy`);
  ctx.print(`${head} (${h.baseUrl})`);
  const key =
    h.apiKey.valid === true
      ? 'valid'
      : h.apiKey.valid === false
        ? c.red('rejected')
        : 'not checked (no answer)';
  const last =
    h.apiKey.idleDays === null
      ? 'no earlier successful use recorded here'
      : `last worked ${ago(h.apiKey.idleDays)}`;
  ctx.print(`  api key      ${key} (from ${h.apiKey.source}); ${last}`);
  ctx.print(`  latency      ${h.latencyMs === null ? '-' : duration(h.latencyMs)}`);
  const circuit = report.circuit;
  ctx.print(`  circuit      ${circuit.state} (${circuit.consecutiveFailures} consecutive failures)`);
  const b = report.budget;
  ctx.print(
    `  rate budget  ${b.used}/${b.limit} used in a ${Math.round(b.windowMs / 1000)} s window${b.pausedUntil ? `, paused${b.backoffMs ? ` (backing off ${Math.round(b.backoffMs / 100) / 10} s after a 429 without hints)` : ''}` : ''}${b.learnedLimit ? `, learned limit ${b.learnedLimit}` : ''}`,
  );
  ctx.print(
    `  cache        ${h.cache.entries} entries, hit rate ${Math.round(h.cache.hitRate * 100)} %, ${kib(h.cache.bytesOnDisk)}`,
  );
  if (report.error) {
    ctx.print(`  ${c.red('✗')} ${report.error.code} ${report.error.message}`);
    ctx.print(`    ${c.dim('hint:')} ${report.error.hint}`);
  }
  for (const warning of h.warnings) ctx.print(`  ${c.yellow('⚠')} ${warning}`);
}

function ago(days: number): string {
  return days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
}

function kib(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
