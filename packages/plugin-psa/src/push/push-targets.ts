/**
 * Which `psa.sync-organizations` entries take a kind of push, and how a receiver hands them work.
 * Each entry's `with:` is merged with the plugin entry's defaults exactly as the step merges them, so a
 * receiver triggers the entries whose sync would read the PSA that called.
 */
import type { PluginHost, PluginRouteReply, ServeServices, SecretRef } from '@glueflow/core';
import { mergeOptions, syncStepSchema, type PluginOptions } from '../sync/options.js';
import { MIN_CALLBACK_TOKEN_LENGTH, PUSH_PROVIDERS, type PushOptions } from './push-options.js';

export const ORG_SYNC_STEP = 'psa.sync-organizations';

/** At most one warning a minute per receiver about refused or ignored deliveries: a flood is not a log flood. */
const NOTE_INTERVAL_MS = 60_000;

export interface PushTarget<K extends keyof PushOptions> {
  readonly pipeline: string;
  readonly index: number;
  readonly push: NonNullable<PushOptions[K]>;
}

export function pushTargets<K extends keyof PushOptions>(
  serve: ServeServices,
  defaults: PluginOptions,
  kind: K,
): PushTarget<K>[] {
  const targets: PushTarget<K>[] = [];
  for (const entry of serve.entries(ORG_SYNC_STEP)) {
    const step = syncStepSchema.safeParse(entry.options);
    if (!step.success) continue; // serve validated the config; never trust a shape anyway
    const merged = mergeOptions(defaults, step.data);
    const push = merged.push?.[kind];
    if (push && merged.provider === PUSH_PROVIDERS[kind]) {
      targets.push({
        pipeline: entry.pipeline,
        index: entry.index,
        push: push as NonNullable<PushOptions[K]>,
      });
    }
  }
  return targets;
}

/**
 * Queues a targeted run of each entry for the ids. A full queue or a stopping serve is a 503 with
 * Retry-After: both senders retry, so nothing is lost; repeated ids are harmless (the sync writes nothing
 * for an unchanged company).
 */
export function triggerAll(
  serve: ServeServices,
  work: ReadonlyArray<{ pipeline: string; index: number; ids: readonly string[] }>,
): PluginRouteReply {
  let runs = 0;
  for (const { pipeline, index, ids } of work) {
    if (ids.length === 0) continue;
    const outcome = serve.trigger({ pipeline, index, items: ids });
    if (outcome === 'full' || outcome === 'closed') {
      return { status: 503, body: 'busy, retry later', headers: { 'retry-after': '30' } };
    }
    runs++;
  }
  return { status: 200, body: { triggered: runs } };
}

/** Warnings about deliveries refused or ignored, at most one a minute (with the running count). */
export function throttledNotes(what: string, now: () => number = Date.now) {
  let count = 0;
  let loggedAt = -Infinity;
  return (serve: ServeServices, code: string, reason: string) => {
    count++;
    if (now() - loggedAt < NOTE_INTERVAL_MS) return;
    loggedAt = now();
    serve.logger.warn(`${what}: ${reason} (${count} so far)`, { code, count });
  };
}

/**
 * The push service: resolves every push secret once serve listens (so they are masked in every log line
 * before the first delivery) and reports configurations that cannot work in /readyz.
 */
export function checkPushSetup(host: PluginHost, defaults: PluginOptions, serve: ServeServices): void {
  const problems: string[] = [];
  const hubspot = pushTargets(serve, defaults, 'hubspot');
  for (const target of hubspot) host.secret(target.push.appSecret as SecretRef);
  if (hubspot.length > 0 && !serve.publicUrl?.startsWith('https://')) {
    problems.push('HubSpot push needs serve.publicUrl (https): HubSpot signs the public URL it calls');
  }
  for (const target of pushTargets(serve, defaults, 'connectwise')) {
    if (host.secret(target.push.token as SecretRef).length < MIN_CALLBACK_TOKEN_LENGTH) {
      problems.push(
        `the ConnectWise callback token of ${target.pipeline}[${target.index}] is shorter than ${MIN_CALLBACK_TOKEN_LENGTH} characters: its callbacks are refused`,
      );
    }
  }
  serve.reportHealth(problems.length > 0 ? problems.join('; ') : undefined);
  if (hubspot.length > 0 && serve.publicUrl) {
    serve.logger.info(
      `HubSpot webhooks are taken at ${serve.publicUrl.replace(/\/+$/, '')}${serve.prefix}/hubspot`,
    );
  }
}
