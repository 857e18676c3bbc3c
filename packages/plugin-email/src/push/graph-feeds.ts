/**
 * Which `email.import` entries want Graph push: each entry whose (merged) source is a Graph source with
 * `subscribe` on is one feed — one subscription, whose notifications trigger that entry.
 */
import type { StepEntryRef } from '@glueflow/core';
import type { z } from 'zod';
import { graphSubscriptionSchema, mergeOptions, stepOptionsSchema } from '../options.js';
import type { graphSourceSchema, PluginOptions } from '../options.js';

export type GraphSourceConfig = z.output<typeof graphSourceSchema>;

export interface GraphFeed {
  /** Names the feed's saved subscription: the entry and the folder it watches. */
  readonly key: string;
  readonly pipeline: string;
  readonly index: number;
  readonly source: GraphSourceConfig;
  /** `users/{mailbox}/mailFolders('{folder}')/messages`, as Graph takes it. */
  readonly resource: string;
  readonly lifetimeMs: number;
  readonly renewBeforeMs: number;
}

const MINUTE = 60_000;

export function graphFeeds(entries: readonly StepEntryRef[], pluginOptions: PluginOptions): GraphFeed[] {
  const feeds: GraphFeed[] = [];
  for (const entry of entries) {
    const step = stepOptionsSchema.safeParse(entry.options);
    if (!step.success) continue; // serve validated the config; never trust a shape anyway
    const source = mergeOptions(pluginOptions, step.data).source;
    if (source?.type !== 'graph' || source.subscribe === false) continue;
    const timing = graphSubscriptionSchema.parse(source.subscribe === true ? {} : source.subscribe);
    feeds.push({
      key: `graph-subscription:${entry.pipeline}#${entry.index}:${source.tenantId}/${source.mailbox}/${source.folder}`,
      pipeline: entry.pipeline,
      index: entry.index,
      source,
      resource: `users/${source.mailbox}/mailFolders('${odataString(source.folder)}')/messages`,
      lifetimeMs: timing.lifetimeMinutes * MINUTE,
      renewBeforeMs: timing.renewBeforeMinutes * MINUTE,
    });
  }
  return feeds;
}

/** OData string literal content: a quote is doubled. */
function odataString(value: string): string {
  return value.replace(/'/g, "''");
}
