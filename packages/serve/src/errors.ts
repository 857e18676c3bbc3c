import { GlueflowError } from '@glueflow/core';

/** Errors of `glueflow serve`, each with a stable code and the fix. */
export const serveErrors = {
  remoteHost: (host: string) =>
    new GlueflowError({
      code: 'ESERVE_REMOTE_HOST',
      message: `refusing to listen on ${host}: it is not a loopback address`,
      hint: 'serve listens on 127.0.0.1 and a reverse proxy adds TLS (docs/serve.md); to listen on the network anyway, pass --allow-remote (or serve.allowRemote: true)',
      where: 'serve.host',
    }),
  schedules: (problems: string[]) =>
    new GlueflowError({
      code: 'ESERVE_SCHEDULE',
      message: `serve.schedule has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`,
      hint: 'name pipelines from `pipelines:`; cron is "min hour day month weekday" (e.g. "0 2 * * *"); timezone an IANA name (Europe/Amsterdam)',
      where: 'serve.schedule',
    }),
};
