/** The `markdown.import` step: find the files, settle their sourceKeys and the target, import each. */
import fs from 'node:fs';
import type { StepContext, StepDefinition } from '@glueflow/core';
import { ensureMarkdownType } from './asset-type.js';
import { MarkdownImportError } from './errors.js';
import { MarkdownImport } from './markdown-import.js';
import { settingsOf, stepOptionsSchema } from './options.js';
import type { PluginOptions, StepOptions } from './options.js';
import { findMarkdownFiles, frontMatterId, relativeKey } from './source-files.js';
import type { SourceFile } from './source-files.js';

export function importStep(pluginOptions: PluginOptions): StepDefinition<typeof stepOptionsSchema> {
  return {
    description:
      'Import markdown files (front matter, GFM, images) into IT Glue flexible assets or documents',
    options: stepOptionsSchema,
    run: (ctx, options) => runImport(ctx, pluginOptions, options),
  };
}

async function runImport(
  ctx: StepContext,
  pluginOptions: PluginOptions,
  options: StepOptions,
): Promise<void> {
  const settings = settingsOf(pluginOptions, options);
  const paths = await findMarkdownFiles(ctx.baseDir, settings.files);
  if (paths.length === 0) {
    ctx.report({
      severity: 'warning',
      code: 'EMARKDOWN_NO_FILES',
      reason: `no files match ${settings.files.map((f) => JSON.stringify(f)).join(', ')} in ${ctx.baseDir}`,
      hint: 'globs are relative to the config file, e.g. "runbooks/**/*.md"',
    });
    return;
  }
  // Documents get their own sourceKeys, so one folder can feed a flexible-asset step and a document
  // step (or switch target) without one step's mapping pointing the other at a record of another kind.
  const prefix = settings.target === 'document' ? 'document:' : '';
  const { files, duplicates } = await assignSourceKeys(ctx.baseDir, paths, prefix);
  for (const duplicate of duplicates) {
    const error = new MarkdownImportError(
      'EMARKDOWN_DUPLICATE_ID',
      `${duplicate.file.relativePath}: front matter id "${duplicate.file.sourceKey.slice(prefix.length)}" is already used by ${duplicate.first}`,
      'give every file its own `id:` (or remove it: the path is the id then)',
      duplicate.file.relativePath,
    );
    ctx.report({
      severity: 'error',
      code: error.code,
      reason: error.message,
      item: duplicate.file.relativePath,
      hint: error.hint,
    });
    ctx.count('failed');
  }
  const type = settings.target === 'flexible-asset' ? await ensureMarkdownType(ctx, settings) : undefined;
  const run = new MarkdownImport(ctx, settings, files, type);
  let done = 0;
  await ctx.forEachItem(
    files,
    (file) => file.relativePath,
    async (file) => {
      await run.importFile(file);
      ctx.progress(++done, files.length);
    },
  );
  await run.revisitWaiting();
}

/** Front matter `id` or the relative path; a later file claiming an earlier file's id is refused. */
async function assignSourceKeys(baseDir: string, paths: string[], prefix: string) {
  const files: SourceFile[] = [];
  const duplicates: Array<{ file: SourceFile; first: string }> = [];
  const owners = new Map<string, string>();
  for (const path of paths) {
    const relativePath = relativeKey(baseDir, path);
    const text = await fs.promises.readFile(path, 'utf8').catch(() => '');
    const file = { path, relativePath, sourceKey: prefix + (frontMatterId(text) ?? relativePath) };
    const first = owners.get(file.sourceKey);
    if (first) duplicates.push({ file, first });
    else {
      owners.set(file.sourceKey, relativePath);
      files.push(file);
    }
  }
  return { files, duplicates };
}
