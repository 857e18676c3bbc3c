/**
 * `scaffoldPlugin`: a new plugin package in the house shape (what `glueflow plugin new <name>` runs):
 * package.json with core as a peer, tsconfig, `src/index.ts` with `definePlugin`, an options schema, one
 * step and one hook tap, a colocated test on `createTestEngine`, a jest config and a README. It never
 * overwrites anything: the target folder must be missing or empty, and a failed write removes what it made.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GlueflowError } from '@glueflow/core';
import { localSpecs } from './local-tarballs.js';
import type { LocalSpecs } from './local-tarballs.js';
import { pluginManifest } from './package-manifest.js';
import { parsePluginName } from './plugin-name.js';
import type { PluginName } from './plugin-name.js';
import { renderTemplates, templateValues } from './templates.js';

export interface ScaffoldPluginOptions {
  /** `teams-notify`, `glueflow-plugin-teams-notify`, `@acme/teams-notify` or `@acme/glueflow-plugin-teams-notify`. */
  name: string;
  /** The package folder to create; it must not exist yet, or be empty. Relative to the process cwd. */
  dir: string;
  /**
   * The @glueflow/core version the plugin is written against (peer range `^<version>`). Default: this
   * testkit's version — core and testkit are released together.
   */
  coreVersion?: string;
  /**
   * A folder of `@glueflow/*` tarballs (`pnpm -r pack --pack-destination <dir>`): the plugin's
   * `@glueflow/*` dependencies become `file:` specs pointing there (plus npm `overrides` for what those
   * depend on), so it installs and tests against unpublished packages. Relative to the process cwd.
   * Default: the npm registry.
   */
  fromTarballs?: string;
}

export interface ScaffoldedPlugin {
  name: PluginName;
  /** Absolute path of the package folder. */
  dir: string;
  /** Files written, relative to `dir`, sorted. */
  files: string[];
}

const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

export async function scaffoldPlugin(options: ScaffoldPluginOptions): Promise<ScaffoldedPlugin> {
  const name = parsePluginName(options.name);
  const dir = path.resolve(options.dir);
  const local: LocalSpecs | undefined = options.fromTarballs
    ? await localSpecs(path.resolve(options.fromTarballs), dir, ['@glueflow/core', '@glueflow/testkit'])
    : undefined;
  const testkitVersion = local?.versions['@glueflow/testkit'] ?? (await ownVersion());
  const coreVersion = options.coreVersion ?? local?.versions['@glueflow/core'] ?? testkitVersion;
  if (!VERSION.test(coreVersion)) {
    throw new GlueflowError({
      code: 'ESCAFFOLD_VERSION',
      message: `core version ${JSON.stringify(coreVersion)} is not a release version`,
      hint: 'give a version such as 0.1.0 (the peer dependency becomes ^0.1.0)',
      where: 'coreVersion',
    });
  }
  await assertEmptyOrMissing(dir);

  const files: Record<string, string> = {
    'package.json': `${JSON.stringify(
      pluginManifest(name, {
        core: coreVersion,
        testkit: testkitVersion,
        ...(local ? { local: local.specs } : {}),
      }),
      null,
      2,
    )}\n`,
    ...(await renderTemplates(templateValues(name))),
  };
  await writeAll(dir, files);
  return { name, dir, files: Object.keys(files).sort() };
}

async function ownVersion(): Promise<string> {
  // Same depth from src/scaffold/ and dist/scaffold/.
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

async function assertEmptyOrMissing(dir: string): Promise<void> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw ioError(dir, error);
  });
  if (!info) return;
  if (!info.isDirectory()) {
    throw new GlueflowError({
      code: 'ESCAFFOLD_DIR',
      message: `${dir} exists and is not a folder`,
      hint: 'choose another --dir',
      where: dir,
    });
  }
  const entries = await readdir(dir);
  if (entries.length > 0) {
    throw new GlueflowError({
      code: 'ESCAFFOLD_DIR',
      message: `${dir} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}); nothing was written`,
      hint: 'choose a new or empty folder with --dir; the scaffold never overwrites files',
      where: dir,
    });
  }
}

/** Writes every file or none: on a failure, what this call created is removed again. */
async function writeAll(dir: string, files: Record<string, string>): Promise<void> {
  const createdRoot = await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw ioError(dir, error);
  });
  const written: string[] = [];
  try {
    for (const [relative, content] of Object.entries(files)) {
      const file = path.join(dir, relative);
      await mkdir(path.dirname(file), { recursive: true });
      // `wx`: fail rather than overwrite, should something appear in the folder meanwhile.
      await writeFile(file, content, { flag: 'wx' });
      written.push(file);
    }
  } catch (error) {
    if (createdRoot) await rm(createdRoot, { recursive: true, force: true });
    else {
      for (const file of written) await rm(file, { force: true });
      await rm(path.join(dir, 'src'), { recursive: true, force: true });
    }
    throw ioError(dir, error as NodeJS.ErrnoException);
  }
}

function ioError(dir: string, error: NodeJS.ErrnoException): GlueflowError {
  return new GlueflowError({
    code: 'ESCAFFOLD_IO',
    message: `cannot write the plugin to ${dir}: ${error.code ?? error.message}`,
    hint: 'check the folder exists and is writable; nothing was left behind',
    where: dir,
    cause: error,
  });
}
