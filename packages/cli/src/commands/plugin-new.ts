/**
 * `glueflow plugin new <name> [--dir DIR]`: scaffolds a plugin package in the house shape (testkit's
 * scaffoldPlugin: definePlugin, options schema, a step, a hook tap, a test on the emulator, README).
 */
import path from 'node:path';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { reportError } from '../report-error.js';

export async function pluginNewCommand(
  ctx: CliContext,
  name: string,
  flags: { dir?: string },
): Promise<number> {
  const { parsePluginName, scaffoldPlugin } = await import('@glueflow/testkit');
  try {
    const parsed = parsePluginName(name);
    const dir = path.resolve(ctx.cwd, flags.dir ?? parsed.directoryName);
    const made = await scaffoldPlugin({ name, dir });
    const c = ctx.colors;
    ctx.print(
      `${c.green('✓')} Created ${made.name.packageName} in ${path.relative(ctx.cwd, made.dir) || '.'}`,
    );
    for (const file of made.files) ctx.print(`  ${file}`);
    ctx.print('Next:');
    ctx.print(`  cd ${path.relative(ctx.cwd, made.dir) || '.'} && npm install && npm test`);
    ctx.print(`  add it to a config: plugins: ['./${path.relative(ctx.cwd, made.dir)}']`);
    ctx.print('  guide: docs/plugins/authoring.md');
    return EXIT.ok;
  } catch (error) {
    // A bad name or a non-empty folder is a usage problem, not a crash.
    const code = (error as { code?: string }).code ?? '';
    const exit = reportError(ctx, error);
    return code === 'ESCAFFOLD_NAME' || code === 'ESCAFFOLD_DIR' ? EXIT.usage : exit;
  }
}
