/** `glueflow watch [--interval 60s] [--types ...] [--once] [--json]` */
import type { EntityEvent } from '@glueflow/core';
import { hookNameOf, watchedEventOf } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { withSession } from '../session/open-session.js';
import { UsageError } from '../usage-error.js';
import { parseDuration } from './duration.js';

export interface WatchFlags {
  interval: string;
  types?: string[];
  once?: boolean;
  json?: boolean;
}

export async function watchCommand(ctx: CliContext, flags: WatchFlags): Promise<number> {
  const { WATCHABLE_TYPES } = await import('@glueflow/core');
  const interval = parseDuration(flags.interval, '--interval');
  const types = flags.types
    ?.flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
  const unknown = types?.filter((t) => !(WATCHABLE_TYPES as readonly string[]).includes(t)) ?? [];
  if (unknown.length > 0) {
    throw new UsageError(`--types: unknown type ${unknown.join(', ')}`, `use ${WATCHABLE_TYPES.join(', ')}`);
  }
  const oneObject = flags.json && flags.once;
  return withSession(ctx, async ({ runtime }) => {
    // Every event as it is delivered: one line for people, one JSON line for machines.
    if (!oneObject) {
      runtime.engine.hooks.onEntityEvent.tap('glueflow:cli', (event) => {
        if (flags.json) ctx.jsonLine(watchedEventOf(event));
        else ctx.print(humanLine(ctx, event));
      });
    }
    if (!flags.json) {
      ctx.note(
        `Watching ${types?.join(', ') ?? 'every type'} on "${runtime.config.instanceName}"` +
          (flags.once ? ' (one poll)' : ` every ${flags.interval}; Ctrl-C stops`),
      );
    }
    const report = await runtime.watch({
      interval,
      ...(types ? { types } : {}),
      once: flags.once ?? false,
      signal: ctx.signal,
      onPoll: (poll) => {
        if (!flags.json && !flags.once)
          ctx.note(
            `poll ${poll.number}: ${poll.events} event(s)${poll.failed ? `, ${poll.failed} not delivered` : ''}`,
          );
      },
    });
    if (oneObject) {
      ctx.json({ events: report.events, skipped: report.skipped });
    } else if (!flags.json) {
      if (report.baselined.length > 0) {
        ctx.note(`baseline set for ${report.baselined.join(', ')}: changes from now on fire events`);
      }
      ctx.note(`${report.polls} poll(s), ${report.events.length} event(s)`);
    }
    if (report.skipped > 0) {
      ctx.warn(
        `⚠ ${report.skipped} activity-log entr${report.skipped === 1 ? 'y' : 'ies'} of an unknown shape skipped (see the log)`,
      );
    }
    if (report.failed > 0) {
      ctx.warn(
        `⚠ ${report.failed} change(s) not taken by every listener; they are delivered again on the next poll`,
      );
      return EXIT.itemsFailed;
    }
    return EXIT.ok;
  });
}

/** The first-class hook an event fires, else its `<type>:<action>` (as core's WatchReport names it). */
function humanLine(ctx: CliContext, event: EntityEvent): string {
  const c = ctx.colors;
  const name = event.record?.name ? ` "${event.record.name}"` : '';
  const fields = event.changedFields?.length ? c.dim(` (${event.changedFields.join(', ')})`) : '';
  return `${c.dim(event.at.slice(11, 19))}  ${c.bold(hookNameOf(event))}  #${event.recordId}${name}${fields}`;
}
