/**
 * The `serve:` block of a config file: what `glueflow serve` runs on its own (pipelines on cron
 * schedules, a continuous watch) and what it accepts over HTTP (IT Glue Workflow webhooks, the run
 * history). Pipelines stay plain step lists: a schedule names its pipeline here, so adding one never
 * changes the shape of `pipelines:`. Cron expressions are checked when `serve` starts.
 */
import { z } from 'zod';
import { isLoopbackHost } from '@glueflow/itglue';
import { DURATION_PATTERN } from './duration.js';
import { secret } from './secrets.js';

const DURATION = DURATION_PATTERN;
const duration = (description: string) =>
  z.string().regex(DURATION, 'a duration like 30s, 5m or 1h').describe(description);

export const scheduleSchema = z
  .union([
    z.string().min(1),
    z.strictObject({
      cron: z.string().min(1).describe('Five or six cron fields, e.g. "0 2 * * *" (02:00 every day).'),
      timezone: z
        .string()
        .min(1)
        .optional()
        .describe('IANA time zone the cron fields are read in, e.g. Europe/Amsterdam. Default: the host’s.'),
    }),
  ])
  .describe('A cron expression ("0 2 * * *"), or { cron, timezone }.');

export const serveSchema = z
  .strictObject({
    host: z
      .string()
      .min(1)
      .optional()
      .describe('Address to listen on. Default 127.0.0.1 (loopback; put TLS in front with a reverse proxy).'),
    port: z.number().int().min(0).max(65535).optional().describe('Port to listen on. Default 8787.'),
    allowRemote: z
      .boolean()
      .optional()
      .describe('Allow a host that is not loopback (0.0.0.0, a LAN address). Default false: refused.'),
    schedule: z
      .record(z.string(), scheduleSchema)
      .optional()
      .describe(
        'Pipelines run on a schedule, by pipeline name: { nightly: "0 2 * * *" }. A busy pipeline is ' +
          'skipped, never queued; a run missed while serve was down runs once at start.',
      ),
    watch: z
      .strictObject({
        every: duration('Time between polls, e.g. 60s or 5m.'),
        types: z.array(z.string()).optional().describe('Feeds to poll (default: every watchable type).'),
      })
      .optional()
      .describe('Continuous `glueflow watch` inside serve; webhook rechecks and polls never fire twice.'),
    itglue: z
      .strictObject({ token: secret('The path token of POST /hooks/itglue/<token>') })
      .optional()
      .describe('IT Glue Workflow webhooks in; without it the route answers 404.'),
    publicUrl: z
      .string()
      .refine((value) => publicUrlProblem(value) === undefined, {
        error: (issue) => publicUrlProblem(String(issue.input)) ?? 'a URL',
      })
      .optional()
      .describe(
        'The https URL senders reach serve at (a reverse proxy), e.g. https://glueflow.example.com; receivers ' +
          'that subscribe (Microsoft Graph) give senders <publicUrl>/hooks/<plugin>/…. http only for loopback.',
      ),
    runsToken: secret('Bearer token for GET /runs and GET /runs/:id').optional(),
    bodyLimitBytes: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Largest webhook body accepted; larger → 413. Default 65536.'),
    queueSize: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Webhook hints waiting to be processed at most; more → 503 with Retry-After. Default 1000.'),
    drainTimeout: duration(
      'On SIGTERM, how long in-flight work may take to finish. Default 8s (the CLI stops hard 10 s after the first signal).',
    ).optional(),
  })
  .describe(
    '`glueflow serve`: schedules, continuous watch, webhooks in, health and metrics (docs/serve.md).',
  );

/** Why a `publicUrl` cannot be handed to senders, or undefined when it can. */
function publicUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'an absolute URL, e.g. https://glueflow.example.com';
  }
  if (url.username || url.password) return 'a URL without credentials';
  if (url.search || url.hash) return 'a URL without ?query or #fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  return 'an https URL (http only for a loopback address)';
}

export type ServeConfigFile = z.input<typeof serveSchema>;
