/**
 * The reference pages in docs/ are generated from the code (scripts/gen-docs.mjs). This fails when a
 * schema description, hook, error code or command's help changed without regenerating them.
 * It reads the built packages: `pnpm test` builds first.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import type { Command } from 'commander';
import { CliContext } from './context.js';
import { buildProgram } from './program.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('generated docs', () => {
  it('are up to date (otherwise run: pnpm build && node scripts/gen-docs.mjs)', async () => {
    const result = await promisify(execFile)(process.execPath, ['scripts/gen-docs.mjs', '--check'], {
      cwd: ROOT,
    }).then(
      ({ stdout }) => ({ code: 0, out: stdout }),
      (error: { code: number; stderr: string }) => ({ code: error.code, out: error.stderr }),
    );
    expect(result).toEqual({ code: 0, out: 'generated docs are up to date\n' });
  });

  it('ship a JSON Schema for editors that rejects unknown keys', () => {
    const schema = JSON.parse(fs.readFileSync(`${ROOT}docs/glueflow.schema.json`, 'utf8'));
    expect(schema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: 'https://unpkg.com/@glueflow/cli/glueflow.schema.json',
      type: 'object',
      additionalProperties: false,
    });
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['instance', 'instances', 'rateLimit', 'plugins', 'pipelines']),
    );
    expect(fs.readFileSync(`${ROOT}packages/cli/glueflow.schema.json`, 'utf8')).toBe(
      fs.readFileSync(`${ROOT}docs/glueflow.schema.json`, 'utf8'),
    );
  });

  it('give every command its section in docs/cli.md', () => {
    const program = buildProgram(new CliContext({ argv: [], env: {}, cwd: '/' }), { exitCode: undefined });
    const leaves = (command: Command, prefix: string[]): string[] =>
      command.commands
        .filter((sub) => sub.name() !== 'help')
        .flatMap((sub) =>
          sub.commands.length > 0
            ? leaves(sub, [...prefix, sub.name()])
            : [[...prefix, sub.name()].join(' ')],
        );
    const commands = leaves(program, []);
    expect(commands).toEqual(expect.arrayContaining(['run', 'cache stats', 'plugin new']));
    const page = fs.readFileSync(`${ROOT}docs/cli.md`, 'utf8');
    expect(commands.filter((name) => !page.includes(`### \`glueflow ${name}\`\n`))).toEqual([]);
  });

  it('have a reference page per bundled plugin, with each step and its options', () => {
    for (const [plugin, step, option] of [
      ['markdown', 'markdown.import', 'files'],
      ['psa', 'psa.sync-organizations', 'provider'],
      ['email', 'email.import', 'source'],
    ]) {
      const page = fs.readFileSync(`${ROOT}docs/plugins/${plugin}.md`, 'utf8');
      expect(page).toContain(`### \`${step}\``);
      expect(page).toContain(`| \`${option}\` |`);
    }
  });

  it('document every error code of the catalogue', async () => {
    const { ERROR_CATALOGUE } = await import('@glueflow/core');
    const page = fs.readFileSync(`${ROOT}docs/errors.md`, 'utf8');
    for (const code of Object.keys(ERROR_CATALOGUE)) expect(page).toContain(`### ${code}\n`);
  });
});
