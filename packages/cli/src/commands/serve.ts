/**
 * `glueflow serve [--port 8787] [--host 127.0.0.1] [--drain-timeout 8s]`: the long-running service
 * (@glueflow/serve) — schedules, continuous watch, IT Glue Workflow webhooks, health and metrics —
 * until SIGTERM/SIGINT; then it takes no new work, lets what is in flight finish and exits 0.
 * `--print-itglue-template` prints the body for the Workflow's webhook action and exits.
 */
import type { EntityEvent } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { withSession } from '../session/open-session.js';
import { UsageError } from '../usage-error.js';
import { parseDuration } from './duration.js';

export interface ServeFlags {
  port?: string;
  host?: string;
  allowRemote?: boolean;
  drainTimeout?: string;
  printItglueTemplate?: boolean;
}

export async function serveCommand(ctx: CliContext, flags: ServeFlags): Promise<number> {
  const serve = await import('@glueflow/serve');
  if (flags.printItglueTemplate) {
    for (const line of serve.ITGLUE_TEMPLATE_NOTES) ctx.note(line);
    ctx.print(serve.itglueTemplateJson());
    return EXIT.ok;
  }
  const port = flags.port === undefined ? undefined : Number(flags.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new UsageError(`--port must be a port number (0-65535), not "${flags.port}"`);
  }
  const drainTimeoutMs = flags.drainTimeout
    ? parseDuration(flags.drainTimeout, '--drain-timeout')
    : undefined;
  const { hookNameOf, redisUrlOf } = await import('@glueflow/core');
  return withSession(ctx, async ({ runtime }) => {
    runtime.engine.hooks.onEntityEvent.tap('glueflow:cli', (event: EntityEvent) => {
      const name = event.record?.name ? ` "${event.record.name}"` : '';
      ctx.print(`${event.at.slice(11, 19)}  ${hookNameOf(event)}  #${event.recordId}${name}`);
    });
    type Ref = Parameters<typeof runtime.secret>[0];
    // With Redis, scheduled and pushed runs go to the work queue for `glueflow worker`s.
    const redisUrl = redisUrlOf({
      configured: runtime.config.storage?.redis as Ref | undefined,
      env: ctx.env,
      resolve: (ref) => runtime.secret(ref),
    });
    const running = await serve.startServe({
      runtime,
      ...(redisUrl ? { redisUrl } : {}),
      ...(flags.host ? { host: flags.host } : {}),
      ...(port === undefined ? {} : { port }),
      ...(flags.allowRemote ? { allowRemote: true } : {}),
      ...(drainTimeoutMs === undefined ? {} : { drainTimeoutMs }),
    });
    const config = runtime.config.serve ?? {};
    const schedules = serve.schedulesOf(config);
    ctx.note(
      `glueflow serve on ${running.url} for "${runtime.config.instanceName}"; SIGTERM or Ctrl-C stops`,
    );
    ctx.note(
      `  schedules: ${schedules.map((s) => `${s.pipeline} "${s.cron}"${s.timezone ? ` ${s.timezone}` : ''}`).join(', ') || 'none'}`,
    );
    ctx.note(`  watch: ${config.watch ? `every ${config.watch.every}` : 'off'}`);
    ctx.note(
      `  IT Glue webhooks: ${config.itglue ? 'POST /hooks/itglue/<token>' : 'off (serve.itglue.token)'}`,
    );
    ctx.note(`  runs: ${redisUrl ? 'queued for `glueflow worker` (Redis)' : 'in this process'}`);
    ctx.note(`  run history: ${config.runsToken ? 'GET /runs (Bearer token)' : 'off (serve.runsToken)'}`);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    ctx.note('stopping: no new work; finishing what is in flight');
    const report = await running.stop();
    if (!report.drained) {
      ctx.warn(
        `⚠ in-flight work did not finish within the drain timeout: runs were interrupted (they resume), ` +
          `${report.abandonedHints} webhook hint(s) dropped (the next watch poll or IT Glue's retry brings them back)`,
      );
    }
    ctx.note('stopped');
    return EXIT.ok;
  });
}
