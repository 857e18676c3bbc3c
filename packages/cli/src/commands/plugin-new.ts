/**
 * `glueflow plugin new <name> [--dir DIR] [--from-tarballs DIR]`: scaffolds a plugin package in the house
 * shape (testkit's scaffoldPlugin: definePlugin, options schema, a step, a hook tap, a test on the
 * emulator, README). `--from-tarballs` points its `@glueflow/*` dependencies at locally packed tarballs
 * (`file:` specs and npm overrides) — the release rehearsal builds and tests a plugin that way before
 * anything is on the registry.
 */
import path from 'node:path';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { reportError } from '../report-error.js';

export async function pluginNewCommand(
  ctx: CliContext,
  name: string,
  flags: { dir?: string; fromTarballs?: string },
): Promise<number> {
  const { parsePluginName, scaffoldPlugin } = await import('@glueflow/testkit');
  try {
    const parsed = parsePluginName(name);
    const dir = path.resolve(ctx.cwd, flags.dir ?? parsed.directoryName);
    const fromTarballs =
      flags.fromTarballs === undefined ? undefined : path.resolve(ctx.cwd, flags.fromTarballs);
    const made = await scaffoldPlugin({ name, dir, ...(fromTarballs ? { fromTarballs } : {}) });
    const c = ctx.colors;
    ctx.print(
      `${c.green('✓')} Created ${made.name.packageName} in ${path.relative(ctx.cwd, made.dir) || '.'}`,
    );
    for (const file of made.files) ctx.print(`  ${file}`);
    if (fromTarballs) ctx.print(`@glueflow/* packages come from the tarballs in ${fromTarballs}`);
    ctx.print('Next:');
    ctx.print(`  cd ${path.relative(ctx.cwd, made.dir) || '.'} && npm install && npm test`);
    ctx.print(`  add it to a config: plugins: ['./${path.relative(ctx.cwd, made.dir)}']`);
    ctx.print('  guide: docs/plugins/authoring.md');
    return EXIT.ok;
  } catch (error) {
    // A bad name, a non-empty folder or an unusable tarball folder is a usage problem, not a crash.
    const code = (error as { code?: string }).code ?? '';
    const exit = reportError(ctx, error);
    return ['ESCAFFOLD_NAME', 'ESCAFFOLD_DIR', 'ESCAFFOLD_TARBALLS'].includes(code) ? EXIT.usage : exit;
  }
}
