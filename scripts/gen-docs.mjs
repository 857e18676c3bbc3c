#!/usr/bin/env node
// Generates the reference parts of docs/ from the code, so they cannot drift from it:
//   docs/configuration.md + docs/glueflow.schema.json (+ packages/cli/glueflow.schema.json)  ← core's zod config schema
//   docs/hooks.md   ← packages/core/src/engine/hooks.ts (JSDoc) and events.ts
//   docs/errors.md  ← core's ERROR_CATALOGUE (+ the CLI's own codes)
//   docs/cli.md     ← the built CLI's --help for every command
//   docs/plugins/{markdown,psa,email}.md ← each bundled plugin's option schemas and steps
// Usage: `node scripts/gen-docs.mjs` writes them (run `tsc -b` first: it reads the built packages);
// `node scripts/gen-docs.mjs --check` exits 1 listing the files that are stale (a test runs this).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { cliDoc } from './docs/cli-doc.mjs';
import { configurationDoc, jsonSchema } from './docs/config-doc.mjs';
import { errorsDoc } from './docs/errors-doc.mjs';
import { hooksDoc } from './docs/hooks-doc.mjs';
import { BUNDLED_PLUGINS, pluginDoc } from './docs/plugins-doc.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function generateDocs() {
  const schema = await jsonSchema();
  const schemaText = await prettier.format(JSON.stringify(schema), {
    ...(await prettier.resolveConfig(path.join(ROOT, 'docs/x.json'))),
    parser: 'json',
  });
  return new Map([
    ['docs/configuration.md', await configurationDoc(schema)],
    ['docs/glueflow.schema.json', schemaText],
    ['packages/cli/glueflow.schema.json', schemaText],
    ['docs/hooks.md', await hooksDoc(ROOT)],
    ['docs/errors.md', await errorsDoc()],
    ['docs/cli.md', await cliDoc()],
    ...(await Promise.all(
      BUNDLED_PLUGINS.map(async (plugin) => [`docs/plugins/${plugin.name}.md`, await pluginDoc(plugin)]),
    )),
  ]);
}

async function main() {
  const check = process.argv.includes('--check');
  const docs = await generateDocs();
  const stale = [];
  for (const [file, content] of docs) {
    const target = path.join(ROOT, file);
    const current = await readFile(target, 'utf8').catch(() => null);
    if (current === content) continue;
    stale.push(file);
    if (!check) await writeFile(target, content);
  }
  if (check && stale.length > 0) {
    console.error(`stale generated docs: ${stale.join(', ')}\nrun: pnpm build && node scripts/gen-docs.mjs`);
    process.exitCode = 1;
  } else {
    console.log(
      check
        ? 'generated docs are up to date'
        : `wrote ${stale.length} file(s): ${stale.join(', ') || 'none changed'}`,
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
