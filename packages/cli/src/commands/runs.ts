/**
 * `glueflow runs [--pipeline] [--status] [--kind] [--since] [--limit]` and `glueflow runs show ID`:
 * the run history core records in the instance's state file (every run, plan, apply and watch poll).
 * Reads the state alone (the instance's file, or Redis when configured): no API key, no plugins — a
 * broken config pipeline must not hide why it broke.
 */
import type { RecordedStatus, RunFilter, RunHistory, RunKind } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { printRunRecord, printRunsTable } from '../render/runs-report.js';
import { loadCliConfig } from '../session/open-session.js';
import { UsageError } from '../usage-error.js';
import { parseSince } from './duration.js';

export interface RunsFlags {
  pipeline?: string;
  status?: string;
  kind?: string;
  since?: string;
  limit: string;
  json?: boolean;
}

export async function runsListCommand(ctx: CliContext, flags: RunsFlags): Promise<number> {
  const filter = await filterOf(flags);
  const runs = await withHistory(ctx, async (history) => (history ? history.list(filter) : []));
  if (flags.json) ctx.json({ runs });
  else printRunsTable(ctx, runs, filter);
  return EXIT.ok;
}

export async function runsShowCommand(
  ctx: CliContext,
  id: string,
  flags: { json?: boolean },
): Promise<number> {
  const number = Number(id.replace(/^#/, ''));
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new UsageError(`the run id must be a number from \`glueflow runs\`, not "${id}"`);
  }
  const { createError } = await import('@glueflow/core');
  const found = await withHistory(ctx, async (history, instance) => {
    const record = history ? await history.get(number) : null;
    if (!record) throw createError('ERUN_NOT_FOUND', { id: String(number), instance });
    return record;
  });
  if (flags.json) ctx.json(found);
  else printRunRecord(ctx, found);
  return EXIT.ok;
}

async function filterOf(flags: RunsFlags): Promise<RunFilter> {
  const { RECORDED_STATUSES, RUN_KINDS } = await import('@glueflow/core');
  const limit = Number(flags.limit);
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new UsageError(`--limit must be a positive integer, not "${flags.limit}"`);
  }
  const status = oneOf(flags.status, RECORDED_STATUSES, '--status');
  const kind = oneOf(flags.kind, RUN_KINDS, '--kind');
  return {
    limit,
    ...(flags.pipeline ? { pipeline: flags.pipeline } : {}),
    ...(status ? { status: status as RecordedStatus } : {}),
    ...(kind ? { kind: kind as RunKind } : {}),
    ...(flags.since ? { since: parseSince(flags.since) } : {}),
  };
}

function oneOf(value: string | undefined, allowed: readonly string[], flag: string): string | undefined {
  if (value === undefined || allowed.includes(value)) return value;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
}

/** The history of the config's instance (in Redis when configured); null when there is none yet. */
async function withHistory<T>(
  ctx: CliContext,
  fn: (history: RunHistory | null, instance: string) => Promise<T>,
): Promise<T> {
  const config = await loadCliConfig(ctx);
  const { openInstanceState } = await import('@glueflow/core');
  const state = await openInstanceState(config, ctx.env);
  if (!state) return fn(null, config.instanceName);
  try {
    return await fn(state.history, config.instanceName);
  } finally {
    await state.close();
  }
}
