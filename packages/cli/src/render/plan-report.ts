/**
 * The human view of a plan, terraform-style: + create, ~ update (with field diffs), ! conflict. Its
 * totals are the dry run's item counts — the categories `run` and `apply` report — so a plan and the
 * apply of it can be read side by side; writes that are not items (types, attachments) are listed apart.
 */
import type { ItemCounts, Plan, PlanEntry, PlannedAction } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { columns, plural, preview } from './format.js';

const SIGN: Record<PlannedAction, string> = {
  create: '+',
  update: '~',
  unchanged: '=',
  conflict: '!',
  skipped: '-',
};

/**
 * Conflicts first (they need a decision), then what will change; types in the order records depend on
 * each other (a type before its assets, a record before its attachments). Steps run items concurrently,
 * so the plan's own order is not stable.
 */
const ORDER: Record<PlannedAction, number> = { conflict: 0, create: 1, update: 2, skipped: 3, unchanged: 4 };
const TYPES = [
  'flexible_asset_types',
  'organizations',
  'locations',
  'contacts',
  'configurations',
  'passwords',
  'flexible_assets',
  'documents',
  'attachments',
];
const byKey = new Intl.Collator('en', { numeric: true });
const typeRank = (type: string) => (TYPES.includes(type) ? TYPES.indexOf(type) : TYPES.length);

/** Long source keys (attachment keys carry a sha256) keep their start and end. */
function clip(text: string, max = 48): string {
  return text.length <= max ? text : `${text.slice(0, max - 13)}…${text.slice(-12)}`;
}

export function entryName(entry: PlanEntry): string {
  const name = entry.request.naturalKey?.name ?? entry.request.attributes?.name;
  return typeof name === 'string' ? name : '';
}

/** Plan entries per action (every entry, side writes included). */
export function planTotals(plan: Plan): Record<PlannedAction, number> {
  const totals: Record<PlannedAction, number> = {
    create: 0,
    update: 0,
    unchanged: 0,
    conflict: 0,
    skipped: 0,
  };
  for (const entry of plan.entries) totals[entry.action] += 1;
  return totals;
}

/** Writes a plan holds that are not items of a step: they have no count of their own in a run. */
const SIDE_WRITES: Record<string, [string, string]> = {
  flexible_asset_types: ['flexible asset type', 'to create'],
  attachments: ['attachment', 'to upload'],
};

/**
 * The plan's item counts: what its dry run counted — items a step skipped or failed before any write
 * have no entry, so entries alone undercount — or, for a plan file without counts, its entries tallied.
 */
export function planCounts(plan: Plan): ItemCounts {
  if (plan.counts) return plan.counts;
  const counts: ItemCounts = {
    created: 0,
    recreated: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    failed: 0,
    updatedAgain: 0,
  };
  for (const entry of plan.entries) {
    if (entry.request.resourceType in SIDE_WRITES) continue;
    if (entry.updatedAgain) counts.updatedAgain += 1;
    if (entry.action === 'create') counts[entry.deletedRecordId ? 'recreated' : 'created'] += 1;
    else if (entry.action === 'update') counts.updated += 1;
    else if (entry.action === 'conflict') counts.failed += 1;
    else counts[entry.action] += 1;
  }
  return counts;
}

/** "5 to create, 0 to update, …" — the plan's side of run-report's `countsText`. */
export function planCountsText(counts: ItemCounts): string {
  return [
    `${counts.created} to create`,
    ...(counts.recreated > 0 ? [`${counts.recreated} to re-create (deleted in IT Glue)`] : []),
    `${counts.updated} to update`,
    `${counts.unchanged} unchanged`,
    `${counts.skipped} skipped`,
    `${counts.failed} failed`,
  ]
    .join(', ')
    .concat(
      // A dry run cannot make these writes (the records they wait for do not exist yet); apply does.
      counts.updatedAgain > 0 ? ` (up to ${counts.updatedAgain} updated again later in the run)` : '',
    );
}

/** "1 flexible asset type to create, 6 attachments to upload", or undefined when there are none. */
function sideWritesText(plan: Plan): string | undefined {
  const parts = Object.entries(SIDE_WRITES).flatMap(([type, [noun, verb]]) => {
    const n = plan.entries.filter((e) => e.request.resourceType === type && e.action !== 'unchanged').length;
    return n > 0 ? [`${plural(n, noun)} ${verb}`] : [];
  });
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** The action as listed: a create or skip of a record deleted in IT Glue says so. */
function label(entry: PlanEntry): string {
  const deleted = entry.deletedRecordId ? ' (deleted in IT Glue)' : '';
  return `${SIGN[entry.action]} ${entry.action}${deleted}`;
}

/** `limit`: list at most this many entries (the demo keeps its screen short); the totals stay exact. */
export function printPlan(ctx: CliContext, plan: Plan, limit = Infinity): void {
  const c = ctx.colors;
  const paint: Record<PlannedAction, (text: string) => string> = {
    create: c.green,
    update: c.yellow,
    unchanged: c.dim,
    conflict: c.red,
    skipped: c.dim,
  };
  const changing = plan.entries
    .filter((e) => ctx.globals.verbose || e.action !== 'unchanged')
    .sort(
      (a, b) =>
        ORDER[a.action] - ORDER[b.action] ||
        typeRank(a.request.resourceType) - typeRank(b.request.resourceType) ||
        byKey.compare(a.sourceKey, b.sourceKey),
    );
  const listed = changing.slice(0, limit);
  ctx.print(`Plan for ${c.bold(plan.pipeline)} on instance "${plan.instance}":`);
  const rows = listed.map((entry) => [
    `  ${paint[entry.action](label(entry))}`,
    entry.request.resourceType,
    clip(entry.sourceKey),
    entryName(entry),
  ]);
  const lines = columns(rows);
  listed.forEach((entry, i) => {
    ctx.print(lines[i]);
    // A create's "diff" is every field from nothing: only worth the lines with --verbose.
    const changes = entry.action === 'create' && !ctx.globals.verbose ? [] : entry.changes;
    for (const change of changes) {
      ctx.print(`        ${change.field}: ${preview(change.before)} → ${preview(change.after)}`);
    }
    const was = entry.deletedRecordId ? ` (was #${entry.deletedRecordId})` : '';
    if (entry.reason) ctx.print(`        ${c.dim('reason:')} ${entry.reason}${was}`);
    if (entry.completedAfterCreate)
      ctx.print(
        `        ${c.dim('then:')} completed once it exists (writes that need its id: sections, images)`,
      );
    if (entry.updatedAgain) ctx.print(`        ${c.dim('then:')} updated again later in the run`);
    for (const warning of entry.warnings) ctx.print(`        ${c.yellow('⚠')} ${warning}`);
  });
  if (changing.length > listed.length) ctx.print(`  … and ${changing.length - listed.length} more`);
  ctx.print(`  ${planCountsText(planCounts(plan))}`);
  const side = sideWritesText(plan);
  if (side) ctx.print(`  also: ${side}`);
}
