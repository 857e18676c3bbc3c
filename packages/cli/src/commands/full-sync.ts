/**
 * `run --full`: sources that read incrementally (PSA `lastUpdated`, IMAP UIDs, Graph delta links) keep
 * their cursor in the state store's bookmarks and watermarks. Forgetting those of the pipeline's
 * plugins makes the next run list everything again; the mappings stay, so nothing is duplicated and
 * unchanged records are still not rewritten.
 */
import type { Runtime } from '@glueflow/core';

export interface Forgotten {
  plugin: string;
  bookmarks: number;
  watermarks: number;
}

export async function forgetCursors(runtime: Runtime, pipeline: string): Promise<Forgotten[]> {
  if (!runtime.config.pipelines[pipeline]) {
    const { createError } = await import('@glueflow/core');
    throw createError('ECONFIG_UNKNOWN_PIPELINE', {
      pipeline,
      known: runtime.pipelineNames(),
      configFile: runtime.config.filepath,
    });
  }
  const owner = new Map(runtime.engine.listSteps().map((step) => [step.id, step.plugin]));
  const plugins = new Set(
    (runtime.config.pipelines[pipeline] ?? []).flatMap((entry) => owner.get(entry.step) ?? []),
  );
  const forgotten: Forgotten[] = [];
  for (const plugin of plugins) {
    const state = runtime.state.forPlugin(plugin);
    const bookmarks = await namesOf(state.bookmarks.list());
    const watermarks = await namesOf(state.watermarks.list());
    await state.atomic(async () => {
      for (const name of bookmarks) await state.bookmarks.delete(name);
      for (const name of watermarks) await state.watermarks.delete(name);
    });
    forgotten.push({ plugin, bookmarks: bookmarks.length, watermarks: watermarks.length });
  }
  return forgotten;
}

async function namesOf(entries: AsyncIterable<[string, unknown]>): Promise<string[]> {
  const names: string[] = [];
  for await (const [name] of entries) names.push(name);
  return names;
}
