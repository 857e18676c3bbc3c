/**
 * `glueflow cache stats|refresh [types...]|search <text>|clear [type]`. `stats` and `clear` work on
 * the stored cache alone (no API key needed); `refresh` and `search` may ask IT Glue. With
 * storage.redis / GLUEFLOW_REDIS_URL every command works on the cache all workers share in Redis.
 */
import { rm } from 'node:fs/promises';
import type { CachedType, CacheStats, MetadataCache, ResolvedConfig } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { columns, duration } from '../render/format.js';
import { loadCliConfig, withItGlue } from '../session/open-session.js';
import { UsageError } from '../usage-error.js';

interface JsonFlag {
  json?: boolean;
}

export async function cacheStatsCommand(ctx: CliContext, flags: JsonFlag): Promise<number> {
  const config = await loadCliConfig(ctx);
  const stats = await withInstanceCache(ctx, config, (cache) => cache.stats());
  if (stats === null) {
    const file = (await import('@glueflow/core')).instanceFile(config);
    if (flags.json) ctx.json({ file, exists: false });
    else ctx.print(`No cache yet for instance "${config.instanceName}" (${file}); any run creates it.`);
    return EXIT.ok;
  }
  if (flags.json) {
    ctx.json({ exists: true, ...stats });
    return EXIT.ok;
  }
  ctx.print(`Cache of instance "${config.instanceName}": ${stats.file}`);
  const rows = Object.entries(stats.entries).map(([type, n]) => [
    `  ${type}`,
    String(n),
    refreshed(stats, type as CachedType),
  ]);
  for (const line of columns([['  type', 'entries', 'last refresh'], ...rows])) ctx.print(line);
  ctx.print(
    `  ${stats.hits} hits, ${stats.misses} misses (hit rate ${Math.round(stats.hitRate * 100)} %), ${stats.staleHits} stale hits; ${Math.ceil(stats.bytesOnDisk / 1024)} KiB ${onRedis(stats.file) ? 'in Redis' : 'on disk'}`,
  );
  return EXIT.ok;
}

export async function cacheRefreshCommand(
  ctx: CliContext,
  types: string[],
  flags: JsonFlag & { sections?: boolean },
): Promise<number> {
  const chosen = await checkTypes(types);
  return withItGlue(ctx, async ({ runtime }) => {
    const reports = [];
    for (const type of chosen) {
      const [report] = await runtime.cache.refresh([type]);
      if (!report) continue;
      reports.push(report);
      if (!flags.json) {
        ctx.print(
          `  ${type}: ${report.count} record(s), ${report.removed} removed, ${duration(report.durationMs)}`,
        );
      }
    }
    // The search index follows every write already; a refresh of everything also rebuilds it from the
    // refreshed cache, healing whatever an older glueflow left behind (docs/search.md).
    const searchIndex = types.length === 0 ? await runtime.cache.rebuildSearchIndex() : undefined;
    // Section bodies are never cached: --sections reads them (one request per document) for search only.
    const sections = flags.sections ? await runtime.cache.refreshSections() : undefined;
    if (flags.json)
      ctx.json({
        refreshed: reports,
        ...(searchIndex ? { searchIndex } : {}),
        ...(sections ? { sections } : {}),
      });
    else {
      if (searchIndex)
        ctx.print(`  search index: ${searchIndex.records} record(s), ${duration(searchIndex.durationMs)}`);
      if (sections)
        ctx.print(
          `  document sections: ${sections.sections} section(s) of ${sections.documents} document(s) indexed (${sections.documents} request(s)${sections.missing ? `, ${sections.missing} document(s) gone` : ''}), ${duration(sections.durationMs)}`,
        );
    }
    return EXIT.ok;
  });
}

export async function cacheSearchCommand(
  ctx: CliContext,
  text: string,
  flags: JsonFlag & { type?: string; limit: string },
): Promise<number> {
  const types = await checkTypes(flags.type ? [flags.type] : []);
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`--limit must be a positive integer, not "${flags.limit}"`);
  return withItGlue(ctx, async ({ runtime }) => {
    const results: Array<{ type: string; id: string; name: string; organizationId: string | null }> = [];
    let stale = false;
    for (const type of types) {
      const found = await runtime.cache.search(type, text, { limit });
      stale ||= found.stale;
      for (const record of found.records) {
        results.push({
          type,
          id: String(record.id),
          name: String(record.name ?? ''),
          organizationId: record.organizationId == null ? null : String(record.organizationId),
        });
      }
    }
    if (flags.json) {
      ctx.json({ query: text, stale, results });
      return EXIT.ok;
    }
    if (results.length === 0) ctx.print(`No cached record matches "${text}".`);
    const rows = results.map((r) => [
      `  ${r.type}`,
      `#${r.id}`,
      r.name,
      r.organizationId ? `org #${r.organizationId}` : '',
    ]);
    for (const line of columns(rows)) ctx.print(line);
    if (stale)
      ctx.print(ctx.colors.yellow('  ⚠ IT Glue was unreachable: some results come from an expired cache'));
    return EXIT.ok;
  });
}

export async function cacheClearCommand(ctx: CliContext, type: string | undefined): Promise<number> {
  const [chosen] = type ? await checkTypes([type]) : [undefined];
  const config = await loadCliConfig(ctx);
  const file = (await import('@glueflow/core')).instanceFile(config);
  try {
    const where = await withInstanceCache(ctx, config, async (cache) => {
      await cache.clear(chosen);
      return cache.file;
    });
    if (where === null)
      ctx.print(`Nothing to clear: no cache file for instance "${config.instanceName}" (${file}).`);
    else if (onRedis(where))
      ctx.print(
        `Cleared ${chosen ?? 'every type'} from the cache every worker shares (${where}) and from this machine's search index; mappings and bookmarks are kept.`,
      );
    else ctx.print(`Cleared ${chosen ?? 'every type'} from ${where}; mappings and bookmarks are kept.`);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ECACHE_CORRUPT') throw error;
    // A file that is not a database cannot be emptied, only replaced: the state in it is lost anyway.
    await Promise.all(
      [file, `${file}-wal`, `${file}-shm`, `${file}-journal`].map((f) => rm(f, { force: true })),
    );
    ctx.print(`The cache file ${file} was corrupt and is deleted; the next run rebuilds it.`);
    // With Redis the file held only this machine's search index: the shared cache is cleared as asked.
    const shared = await withInstanceCache(ctx, config, async (cache) => {
      if (!onRedis(cache.file)) return false;
      await cache.clear(chosen);
      return true;
    });
    ctx.print(
      shared
        ? `It held this machine's search index only; ${chosen ?? 'every type'} is cleared from the cache in Redis, the state there is kept.`
        : 'Its state (source-key mappings, bookmarks) went with it: the next run adopts existing records by name.',
    );
  }
  return EXIT.ok;
}

/** `fn` on the instance's cache (Redis or its file, as the config says); null when there is none yet. */
async function withInstanceCache<T>(
  ctx: CliContext,
  config: ResolvedConfig,
  fn: (cache: MetadataCache) => Promise<T>,
): Promise<T | null> {
  const { openInstanceCache } = await import('@glueflow/core');
  const cache = await openInstanceCache(config, ctx.env);
  if (!cache) return null;
  try {
    return await fn(cache);
  } finally {
    await cache.close();
  }
}

/** Type names as typed (kebab or IT Glue's snake case) → canonical; none given → every type. */
async function checkTypes(names: string[]): Promise<CachedType[]> {
  const { CACHED_TYPES } = await import('@glueflow/core');
  if (names.length === 0) return [...CACHED_TYPES];
  const canonical = names.map((n) => n.replaceAll('_', '-'));
  const unknown = canonical.filter((n) => !(CACHED_TYPES as readonly string[]).includes(n));
  if (unknown.length > 0)
    throw new UsageError(`unknown cache type ${unknown.join(', ')}`, `use ${CACHED_TYPES.join(', ')}`);
  return canonical as CachedType[];
}

function refreshed(stats: CacheStats, type: CachedType): string {
  return stats.lastRefresh[type] ?? 'never';
}

function onRedis(where: string): boolean {
  return /^rediss?:\/\//.test(where);
}
