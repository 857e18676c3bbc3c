/**
 * The errors of `glueflow serve` (core's `defineErrors()`, like core's and the plugins' tables): each
 * code with its wording and fix in one place, listed in docs/errors.md from this table.
 */
import { defineErrors } from '@glueflow/core';

export const serveErrors = defineErrors({
  ESERVE_REMOTE_HOST: ({ host }: { host: string }) => ({
    message: `refusing to listen on ${host}: it is not a loopback address`,
    hint: 'serve listens on 127.0.0.1 and a reverse proxy adds TLS (docs/serve.md); to listen on the network anyway, pass --allow-remote (or serve.allowRemote: true)',
  }),
  ESERVE_SCHEDULE: ({ problems }: { problems: string[] }) => ({
    message: `serve.schedule has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`,
    hint: 'name pipelines from `pipelines:`; cron is "min hour day month weekday" (e.g. "0 2 * * *"); timezone an IANA name (Europe/Amsterdam)',
  }),
  ESERVE_ROUTE_PREFIX: ({ plugin, prefix, holder }: { plugin: string; prefix: string; holder: string }) => ({
    message: `${plugin} cannot take /hooks/${prefix}: ${holder === 'serve' ? 'serve uses it' : `${holder} has it`}`,
    hint: 'plugin routes live under /hooks/<plugin name without scope or plugin->; rename one of the plugins, or leave one out of `plugins:`',
  }),
  ESERVE_FOREIGN_STEP: ({
    plugin,
    pipeline,
    index,
  }: {
    plugin: string;
    pipeline: string;
    index: number;
  }) => ({
    message: `${plugin} may trigger only its own steps; ${pipeline}[${index}] is not one`,
    hint: 'trigger the entries serve.entries() gives your plugin (its own step ids in the config)',
  }),
});
