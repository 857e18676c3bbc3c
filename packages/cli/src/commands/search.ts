/**
 * `glueflow search "query" [--type T] [--org NAME|ID] [--limit N] [--json]`: full-text search of the
 * local metadata cache (core's search index; docs/search.md). It opens the cache file only — no API
 * key, no IT Glue request — so it is instant and works offline; what it finds is as fresh as the
 * last run or `glueflow cache refresh`. With a cache in Redis (storage.redis) the index is still this
 * machine's file: built from the shared cache when the file is created, then holding what this
 * machine writes (`glueflow cache refresh` rebuilds it from the shared cache).
 */
import type { SearchHit, SearchResult } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { columns } from '../render/format.js';
import { loadCliConfig } from '../session/open-session.js';
import { UsageError } from '../usage-error.js';

export interface SearchFlags {
  type?: string;
  org?: string;
  limit: string;
  json?: boolean;
}

/** `--json`: `{ query, hits, total, more, ranked, totalCapped }` (SearchResult with the query), documented in docs/search.md. */
export interface SearchJson extends SearchResult {
  query: string;
}

export async function searchCommand(ctx: CliContext, query: string, flags: SearchFlags): Promise<number> {
  const { CACHED_TYPES, MAX_SEARCH_LIMIT, instanceFile, openInstanceCache } = await import('@glueflow/core');
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT)
    throw new UsageError(
      `--limit must be a whole number from 1 to ${MAX_SEARCH_LIMIT}, not "${flags.limit}"`,
    );
  const type = flags.type?.replaceAll('_', '-');
  if (type !== undefined && !(CACHED_TYPES as readonly string[]).includes(type))
    throw new UsageError(`unknown type "${flags.type}"`, `use ${CACHED_TYPES.join(', ')}`);
  const config = await loadCliConfig(ctx);
  const file = instanceFile(config);
  let result: SearchResult = { hits: [], total: 0, more: false, ranked: true, totalCapped: false };
  // On Redis the cache opens even before the first run here: the index file is created from it.
  const cache = await openInstanceCache(config, ctx.env);
  const cached = cache !== null;
  if (cache) {
    try {
      result = await cache.fullTextSearch(query, {
        limit,
        ...(type === undefined ? {} : { type: type as (typeof CACHED_TYPES)[number] }),
        ...(flags.org === undefined ? {} : { organization: flags.org }),
      });
    } finally {
      await cache.close();
    }
  }
  if (flags.json) {
    const { hits, total, more, ranked, totalCapped } = result;
    ctx.json({ query, hits, total, more, ranked, totalCapped } satisfies SearchJson);
    return EXIT.ok;
  }
  if (!cached) {
    ctx.print(
      `No cache yet for instance "${config.instanceName}" (${file}): run \`glueflow cache refresh\` first.`,
    );
    return EXIT.ok;
  }
  printHits(ctx, query, result);
  return EXIT.ok;
}

function printHits(ctx: CliContext, query: string, result: SearchResult): void {
  const c = ctx.colors;
  if (result.hits.length === 0) {
    ctx.print(`No cached record matches ${JSON.stringify(query)}.`);
    ctx.print(c.dim('  The index holds what the cache holds: `glueflow cache refresh` pulls everything.'));
    return;
  }
  const rows = result.hits.map((hit) => [
    `  ${hit.type}`,
    `#${hit.id}`,
    hit.name,
    hit.organizationName ?? '',
  ]);
  const lines = columns(rows);
  result.hits.forEach((hit, i) => {
    ctx.print(lines[i]);
    if (hit.snippet !== '') ctx.print(`      ${highlighted(ctx, hit)}`);
    if (hit.url) ctx.print(`      ${c.dim(hit.url)}`);
  });
  const total = `${result.total}${result.totalCapped ? '+' : ''}`;
  const shown = result.more ? `${result.hits.length} of ${total} hits` : `${result.hits.length} hit(s)`;
  const more = result.more ? ' (raise --limit, or narrow with more words, --type or --org)' : '';
  ctx.print(c.dim(`  ${shown}, best first${more}`));
  if (!result.ranked)
    ctx.print(
      c.yellow(
        `  ⚠ ${total} records match: only name matches are ranked, then the newest others; narrow the query`,
      ),
    );
}

function highlighted(ctx: CliContext, hit: SearchHit): string {
  const c = ctx.colors;
  let out = '';
  let at = 0;
  for (const [start, end] of hit.highlights) {
    out += hit.snippet.slice(at, start) + c.bold(c.yellow(hit.snippet.slice(start, end)));
    at = end;
  }
  return out + hit.snippet.slice(at);
}
