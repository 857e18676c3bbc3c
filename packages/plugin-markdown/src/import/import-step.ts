/** The `markdown.import` step: find the files, settle their sourceKeys and the target, import each. */
import type { StepContext, StepDefinition } from '@glueflow/core';
import { ensureMarkdownType } from './asset-type.js';
import { MarkdownImportError } from './errors.js';
import { MarkdownImport } from './markdown-import.js';
import { settingsOf, stepOptionsSchema } from './options.js';
import type { PluginOptions, StepOptions } from './options.js';
import { findMarkdownFiles } from './find-files.js';
import type { FoundFile } from './find-files.js';
import { readFileWithin, realRootOf } from './safe-paths.js';
import { frontMatterId, MAX_FILE_BYTES, relativeKey } from './source-files.js';
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
  const { files: found, refused } = await findMarkdownFiles(ctx.baseDir, settings.files);
  for (const file of refused) {
    const item = relativeKey(ctx.baseDir, file.path);
    ctx.report({
      severity: 'error',
      code: 'EMARKDOWN_UNSAFE_PATH',
      reason: `${item} was not read: ${file.reason}`,
      item,
      hint: 'import only files that really live inside the config folder (copy the file instead of linking it)',
    });
  }
  if (found.length === 0) {
    if (refused.length > 0) return;
    ctx.report({
      severity: 'warning',
      code: 'EMARKDOWN_NO_FILES',
      reason: `no files match ${settings.files.map((f) => JSON.stringify(f)).join(', ')} in ${ctx.baseDir}`,
      hint: 'globs are relative to the config file, e.g. "runbooks/**/*.md"',
    });
    return;
  }
  const realRoot = await realRootOf(ctx.baseDir);
  // Documents get their own sourceKeys, so one folder can feed a flexible-asset step and a document
  // step (or switch target) without one step's mapping pointing the other at a record of another kind.
  const prefix = settings.target === 'document' ? 'document:' : '';
  const { files, duplicates } = await assignSourceKeys(ctx.baseDir, realRoot, found, prefix);
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
  }
  const type = settings.target === 'flexible-asset' ? await ensureMarkdownType(ctx, settings) : undefined;
  const run = new MarkdownImport(ctx, settings, files, type, realRoot);
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
async function assignSourceKeys(baseDir: string, realRoot: string, found: FoundFile[], prefix: string) {
  const files: SourceFile[] = [];
  const duplicates: Array<{ file: SourceFile; first: string }> = [];
  const owners = new Map<string, string>();
  for (const { path, real } of found) {
    const relativePath = relativeKey(baseDir, path);
    // Only the id is wanted here; a file that cannot be read safely is reported by its import.
    const read = await readFileWithin(realRoot, real, { maxBytes: MAX_FILE_BYTES }).catch(() => undefined);
    const text = read?.bytes?.toString('utf8') ?? '';
    const file = { path, real, relativePath, sourceKey: prefix + (frontMatterId(text) ?? relativePath) };
    const first = owners.get(file.sourceKey);
    if (first) duplicates.push({ file, first });
    else {
      owners.set(file.sourceKey, relativePath);
      files.push(file);
    }
  }
  return { files, duplicates };
}
