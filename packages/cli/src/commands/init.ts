/**
 * `glueflow init`: writes a starter config in the current folder. On a terminal it asks for the
 * region and the examples; otherwise (or with --yes) it takes the flags. It never asks for or writes a
 * secret: the API key goes to the keychain (`glueflow auth set`) or ITGLUE_API_KEY.
 */
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SEARCH_PLACES } from '@glueflow/core';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, writeFailed } from '../usage-error.js';
import { EXAMPLE_NAMES, FILE_NAMES, renderConfig, starterConfig } from './init-template.js';
import type { ExampleName, InitAnswers, InitFormat } from './init-template.js';

export interface InitFlags {
  region?: 'us' | 'eu' | 'au';
  url?: string;
  format: InitFormat;
  examples: string;
  force?: boolean;
  yes?: boolean;
}

/** Config files `init` would collide with in this folder: core's search places (package.json aside —
 * a package.json without a `glueflow` key is not a config). */
const EXISTING = SEARCH_PLACES.filter((name) => name !== 'package.json');

export async function initCommand(ctx: CliContext, flags: InitFlags): Promise<number> {
  const existing = await firstExisting(ctx.cwd);
  if (existing && !flags.force) {
    throw new UsageError(
      `a glueflow config already exists here: ${existing}`,
      'edit it, or pass --force to replace it',
    );
  }
  const interactive = !flags.yes && Boolean(ctx.stdin?.isTTY) && Boolean(ctx.stdout.isTTY);
  const answers = interactive ? await ask(ctx, flags) : fromFlags(ctx, flags);
  const file = path.join(ctx.cwd, FILE_NAMES[flags.format]);
  await writeFile(file, renderConfig(starterConfig(answers, flags.format), flags.format), {
    flag: flags.force ? 'w' : 'wx',
  }).catch((error) => {
    throw writeFailed('the config', file, error);
  });
  const c = ctx.colors;
  ctx.print(`${c.green('✓')} Wrote ${path.relative(ctx.cwd, file)}`);
  ctx.print('Next:');
  ctx.print('  glueflow auth set          # the API key, into the OS keychain (or export ITGLUE_API_KEY)');
  ctx.print('  glueflow auth test');
  if (answers.examples.length > 0) {
    ctx.print('  edit the example pipelines (organization names, paths, PSA connection), then:');
    const first = { markdown: 'runbooks', psa: 'psa-nightly', email: 'mail' }[answers.examples[0]!];
    ctx.print(`  glueflow plan ${first}`);
  }
  return EXIT.ok;
}

function fromFlags(ctx: CliContext, flags: InitFlags): InitAnswers {
  return {
    ...(flags.url ? { url: flags.url } : { region: flags.region ?? 'us' }),
    ...(ctx.globals.instance ? { instanceName: ctx.globals.instance } : {}),
    examples: parseExamples(flags.examples),
  };
}

function parseExamples(text: string): ExampleName[] {
  if (text.trim() === 'none' || text.trim() === '') return [];
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(EXAMPLE_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `--examples: unknown example ${unknown.join(', ')}`,
      `use ${EXAMPLE_NAMES.join(',')} or none`,
    );
  }
  return [...new Set(names)] as ExampleName[];
}

async function ask(ctx: CliContext, flags: InitFlags): Promise<InitAnswers> {
  const [{ default: select }, { default: input }] = await Promise.all([
    import('@inquirer/select'),
    import('@inquirer/input'),
  ]);
  const io = { input: ctx.stdin!, output: ctx.stderr as unknown as NodeJS.WritableStream };
  const where = await select(
    {
      message: 'Where is your IT Glue account?',
      default: flags.url ? 'url' : (flags.region ?? 'us'),
      choices: [
        { name: 'US (app.itglue.com)', value: 'us' },
        { name: 'EU (app.eu.itglue.com)', value: 'eu' },
        { name: 'AU (app.au.itglue.com)', value: 'au' },
        { name: 'another URL (e.g. a local emulator)', value: 'url' },
      ],
    },
    io,
  );
  const url =
    where === 'url'
      ? await input(
          { message: 'Base URL of the IT Glue API:', default: flags.url ?? 'http://127.0.0.1:4100' },
          io,
        )
      : undefined;
  const examples = await input(
    { message: 'Example pipelines (markdown,psa,email or none):', default: flags.examples },
    io,
  );
  return {
    ...(url ? { url } : { region: where as 'us' | 'eu' | 'au' }),
    ...(ctx.globals.instance ? { instanceName: ctx.globals.instance } : {}),
    examples: parseExamples(examples),
  };
}

async function firstExisting(dir: string): Promise<string | undefined> {
  for (const name of EXISTING) {
    const found = await access(path.join(dir, name)).then(
      () => true,
      () => false,
    );
    if (found) return name;
  }
  return undefined;
}
