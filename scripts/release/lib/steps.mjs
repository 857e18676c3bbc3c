// The rehearsal's steps, as data: a title and `run(ctx, log)`. `ctx` is shared (the packed tarballs,
// the CLI's folder, warnings); `log` is the step's own (steps in parallel lanes print when done).
// A step throws a RehearsalError to fail, or answers 'skipped'.
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPackage, loadTypeScript, unpackAll } from './check-packages.mjs';
import { RehearsalError, run, start } from './exec.mjs';
import { fileSpecs, userProject, workspaceSqlite } from './npm-folder.mjs';
import { packAll, publishablePackages } from './workspace.mjs';

const ITGLUE_SCRIPT = fileURLToPath(new URL('../list-organizations.mjs', import.meta.url));
const glueflow = (ctx) => path.join(ctx.cli, 'node_modules', '.bin', 'glueflow');

export const pack = {
  title: 'pack every publishable workspace package (pnpm pack)',
  async run(ctx, log) {
    ctx.packages = await publishablePackages(log, ctx.root);
    ctx.tarballs = await packAll(log, ctx.root, ctx.packages, ctx.packed);
    ctx.sqlite = await workspaceSqlite(ctx.packages);
  },
};

export const check = {
  title: 'check the tarballs: manifests, paths, declared dependencies',
  async run(ctx, log) {
    const ts = loadTypeScript(ctx.root);
    const problems = [];
    for (const pkg of await unpackAll(log, ctx.packages, ctx.tarballs, path.join(ctx.work, 'unpacked'))) {
      const { errors, warnings } = await checkPackage(pkg, ts);
      log(`  ${pkg.name}: ${errors.length === 0 ? 'ok' : `${errors.length} problem(s)`}`);
      problems.push(...errors.map((e) => `${pkg.name}: ${e}`));
      ctx.warnings.push(...warnings.map((w) => `${pkg.name}: ${w}`));
    }
    if (problems.length > 0) {
      const unbuilt = problems.some((p) => /→ \.?\/?dist\/.*not in the tarball/.test(p));
      const hint = unbuilt ? '\n(did `tsc -b` run first?)' : '';
      throw new RehearsalError(`${problems.length} packaging problem(s)`, problems.join('\n') + hint);
    }
  },
};

export const installCli = {
  title: 'npm install @glueflow/cli from its tarball into an empty folder',
  async run(ctx, log) {
    ctx.cli = path.join(ctx.work, 'cli-user');
    const cli = ctx.tarballs.get('@glueflow/cli');
    if (!cli) throw new RehearsalError('no @glueflow/cli among the publishable packages');
    await userProject(ctx.cli, 'rehearsal-cli', { '@glueflow/cli': `file:${cli}` }, fileSpecs(ctx.tarballs));
    await ctx.install(ctx.cli, log);
  },
};

export const help = {
  title: 'glueflow --help and --version',
  async run(ctx, log) {
    const { stdout: usage } = await run(log, glueflow(ctx), ['--help'], ctx.at(ctx.cli));
    if (!/^Usage: glueflow/m.test(usage) || !/\bdemo\b/.test(usage))
      throw new RehearsalError('glueflow --help printed no usage with the commands', usage);
    const { stdout } = await run(log, glueflow(ctx), ['--version'], ctx.at(ctx.cli));
    const expected = ctx.packages.find((p) => p.name === '@glueflow/cli').version;
    if (stdout.trim() !== expected)
      throw new RehearsalError(`glueflow --version printed "${stdout.trim()}", not ${expected}`);
  },
};

export const demo = {
  title: 'glueflow demo',
  async run(ctx, log) {
    const { stdout } = await run(log, glueflow(ctx), ['demo'], ctx.at(ctx.cli, 180_000));
    log(`  ${stdout.trim().split('\n').at(-1)}`);
  },
};

export const itglue = {
  title: '@glueflow/itglue alone: list organizations from `glueflow emulator`',
  async run(ctx, log) {
    const tarball = ctx.tarballs.get('@glueflow/itglue');
    if (!tarball) {
      ctx.warnings.push('@glueflow/itglue is not a workspace package: its rehearsal step was skipped');
      return 'skipped';
    }
    const dir = path.join(ctx.work, 'itglue-user');
    await userProject(
      dir,
      'rehearsal-itglue',
      { '@glueflow/itglue': `file:${tarball}` },
      fileSpecs(ctx.tarballs),
    );
    await ctx.install(dir, log);
    const installed = await readdir(path.join(dir, 'node_modules', '@glueflow'));
    if (installed.join() !== 'itglue')
      throw new RehearsalError(
        `@glueflow/itglue should stand alone, but it installs @glueflow/{${installed}}`,
      );
    await copyFile(ITGLUE_SCRIPT, path.join(dir, 'list-organizations.mjs'));
    const emulator = await start(log, glueflow(ctx), ['emulator', '--port', '0'], {
      ...ctx.at(ctx.cli),
      ready: /listening on (http:\/\/\S+)[\s\S]*API key:\s+([^\s,]+)/,
    });
    ctx.cleanup.push(emulator.stop);
    const [, url, key] = emulator.match;
    const env = { ...ctx.env, ITGLUE_API_URL: url, ITGLUE_API_KEY: key };
    const { stdout } = await run(log, process.execPath, ['list-organizations.mjs'], { cwd: dir, env });
    log(`  ${stdout.trim()}`);
    await emulator.stop();
  },
};

export const plugin = {
  title: 'glueflow plugin new --from-tarballs: npm install, build and test the new plugin',
  async run(ctx, log) {
    const authors = path.join(ctx.work, 'plugin-author');
    await mkdir(authors);
    const args = [
      'plugin',
      'new',
      'rehearsal-notes',
      '--dir',
      'rehearsal-notes',
      '--from-tarballs',
      ctx.packed,
    ];
    await run(log, glueflow(ctx), args, ctx.at(authors));
    const dir = path.join(authors, 'rehearsal-notes');
    await ctx.install(dir, log);
    await run(log, 'npm', ['run', 'build', '--silent'], ctx.at(dir));
    const { output } = await run(log, 'npm', ['test', '--silent'], ctx.at(dir, 300_000));
    const tests = /^Tests:.*$/m.exec(output)?.[0];
    if (tests) log(`  ${tests}`);
  },
};

/** In order; an inner array holds lanes that run side by side once everything before them is done. */
export const PLAN = [pack, check, installCli, [[help, demo, itglue], [plugin]]];
