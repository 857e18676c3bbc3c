/** The human view of a plan, terraform-style: + create, ~ update (with field diffs), ! conflict. */
import type { Plan, PlanEntry, PlannedAction } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { columns, preview } from './format.js';

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
    `  ${paint[entry.action](`${SIGN[entry.action]} ${entry.action}`)}`,
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
    if (entry.reason) ctx.print(`        ${c.dim('reason:')} ${entry.reason}`);
    for (const warning of entry.warnings) ctx.print(`        ${c.yellow('⚠')} ${warning}`);
  });
  if (changing.length > listed.length) ctx.print(`  … and ${changing.length - listed.length} more`);
  const t = planTotals(plan);
  ctx.print(
    `  ${t.create} to create, ${t.update} to update, ${t.unchanged} unchanged, ${t.skipped} skipped, ${t.conflict} conflict${t.conflict === 1 ? '' : 's'}`,
  );
}
