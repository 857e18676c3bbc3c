#!/usr/bin/env node
// `glueflow demo` runs examples/glueflow.config.mjs and the files it reads. They live at the repository
// root (docs and tests use them there), so @glueflow/cli's prepack copies them into the package folder
// for its tarball (package.json `files` lists "examples") and postpack removes the copy again.
// Usage, from packages/cli: node ../../scripts/release/demo-examples.mjs copy | remove
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
/** What the demo config reads (its plugins' paths are relative to it); not the example plugin packages. */
const DEMO_FILES = ['glueflow.config.mjs', 'markdown', 'psa', 'email'];

const [action] = process.argv.slice(2);
const target = path.join(process.cwd(), 'examples');
if (action === 'copy') {
  await rm(target, { recursive: true, force: true });
  for (const file of DEMO_FILES)
    await cp(path.join(EXAMPLES, file), path.join(target, file), { recursive: true });
} else if (action === 'remove') {
  await rm(target, { recursive: true, force: true });
} else {
  console.error('usage: demo-examples.mjs copy | remove (in the package folder)');
  process.exitCode = 64;
}
