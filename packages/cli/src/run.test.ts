/** The entry itself: help, version, usage errors, the export surface, and the real bin as a process. */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { startEmulator } from '@glueflow/emulator';
import * as cli from './index.js';
import { FIXTURE_PLUGIN, invoke } from './__fixtures__/cli-harness.js';

const BIN = fileURLToPath(new URL('../bin/glueflow.js', import.meta.url));
const COMMANDS = [
  ['run'],
  ['plan'],
  ['apply'],
  ['watch'],
  ['health'],
  ['runs', 'list'],
  ['runs', 'show'],
  ['cache', 'stats'],
  ['cache', 'refresh'],
  ['cache', 'search'],
  ['cache', 'clear'],
  ['auth', 'set'],
  ['auth', 'test'],
  ['auth', 'remove'],
  ['plugins'],
  ['config', 'print'],
  ['init'],
  ['emulator'],
  ['demo'],
  ['get'],
  ['runs'],
];

describe('the glueflow entry', () => {
  it('exports run, the exit codes and the JSON summary helper', () => {
    expect(Object.keys(cli).sort()).toEqual(['EXIT', 'memoryKeychain', 'run', 'toJsonSummary']);
    expect(cli.EXIT).toEqual({
      ok: 0,
      fatal: 1,
      itemsFailed: 2,
      usage: 64,
      config: 78,
      interrupted: 130,
      terminated: 143,
    });
  });

  it('--help lists every command with examples and the exit codes; exit 0', async () => {
    const result = await invoke(['--help']);
    expect(result.code).toBe(0);
    for (const name of [
      'run',
      'plan',
      'apply',
      'watch',
      'health',
      'cache',
      'auth',
      'plugins',
      'config',
      'init',
      'emulator',
      'demo',
      'get',
      'runs',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
    expect(result.stdout).toContain(
      'Exit codes: 0 ok, 1 fatal, 2 some items failed, 64 usage, 78 config, 130/143 interrupted (SIGINT/SIGTERM).',
    );
  });

  it.each(COMMANDS.map((command) => command.join(' ')))(
    'glueflow %s --help explains the command',
    async (command) => {
      const result = await invoke([...command.split(' '), '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: glueflow ${command}`);
    },
  );

  it('a reader that closes the pipe early (`glueflow --help | head -1`) is no crash: exit 0', async () => {
    const child = spawn(process.execPath, [BIN, '--help'], { env: { PATH: process.env.PATH } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.destroy(); // the reader is gone before the first line is written
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(status).toBe(0);
  });

  it('--version prints the package version', async () => {
    const result = await invoke(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('no command, or an unknown one, is a usage error (64) with a suggestion', async () => {
    expect((await invoke([])).code).toBe(64);
    const typo = await invoke(['plna']);
    expect(typo.code).toBe(64);
    expect(typo.stderr).toContain('Did you mean plan?');
  });

  it('NO_COLOR and pipes get no ANSI colours; a terminal gets them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-color-'));
    const { Capture } = await import('./__fixtures__/cli-harness.js');
    const tty = new Capture(true);
    await invoke(['init', '--yes', '--format', 'json'], { cwd: dir, stdout: tty });
    expect(tty.text).toContain('\u001b[');
    const noColor = new Capture(true);
    await invoke(['init', '--yes', '--format', 'json', '--force'], {
      cwd: dir,
      stdout: noColor,
      env: { NO_COLOR: '1' },
    });
    expect(noColor.text).not.toContain('\u001b[');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the bin runs as a process, prints JSON and exits with the run’s code', async () => {
    const emulator = await startEmulator({ port: 0 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-bin-'));
    fs.writeFileSync(
      path.join(dir, '.glueflowrc.json'),
      JSON.stringify({
        plugins: [FIXTURE_PLUGIN],
        pipelines: {
          nightly: [{ step: 'orgs.sync', with: { companies: [{ key: 'a', name: 'A' }, { key: 'b' }] } }],
        },
      }),
    );
    const env = {
      PATH: process.env.PATH,
      ITGLUE_API_URL: emulator.url,
      ITGLUE_API_KEY: 'ITG.emulator',
      GLUEFLOW_HOME: path.join(dir, 'home'),
    };
    try {
      const run = promisify(execFile)(process.execPath, [BIN, 'run', 'nightly', '--json'], {
        cwd: dir,
        env,
        timeout: 20_000,
      });
      const error = await run.then(
        () => undefined,
        (e: { code: number; stdout: string }) => e,
      );
      expect(error?.code).toBe(2);
      expect(JSON.parse(error!.stdout)).toMatchObject({
        status: 'partial',
        counts: { created: 1, failed: 1 },
      });
    } finally {
      await emulator.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s mid-run: in-flight writes finish, the run says "interrupted" and exits %i; the next run resumes',
    async (signal, code) => {
      const emulator = await startEmulator({ port: 0, latencyMs: 40 });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-interrupt-'));
      // Enough that the signal (sent at 20 creates) lands well before the end even on a busy machine;
      // every company costs the resumed run a lookup and a create.
      const total = 120;
      const companies = Array.from({ length: total }, (_, i) => ({
        key: `c${i}`,
        name: `Interrupted Co ${i}`,
      }));
      fs.writeFileSync(
        path.join(dir, '.glueflowrc.json'),
        JSON.stringify({
          plugins: [FIXTURE_PLUGIN],
          pipelines: { big: [{ step: 'orgs.sync', with: { companies } }] },
        }),
      );
      const env = {
        PATH: process.env.PATH,
        ITGLUE_API_URL: emulator.url,
        ITGLUE_API_KEY: 'ITG.emulator',
        GLUEFLOW_HOME: path.join(dir, 'home'),
      };
      const ours = async () =>
        ((await emulator.admin.dump()).organizations ?? []).filter((o) =>
          String(o.attributes.name).startsWith('Interrupted Co '),
        );
      try {
        const child = spawn(process.execPath, [BIN, 'run', 'big', '--json'], { cwd: dir, env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (status) => resolve(status)));
        while (emulator.admin.stats().creates < 20) await new Promise((resolve) => setTimeout(resolve, 20));
        child.kill(signal);
        const status = await exited;
        expect(status).toBe(code);
        expect(stderr).toContain(`${signal}: finishing the writes in flight`);
        const summary = JSON.parse(stdout) as {
          status: string;
          counts: { created: number };
          interrupted: { remaining: number; stepsNotRun: string[] };
        };
        expect(summary.status).toBe('interrupted');
        const created = (await ours()).length;
        expect(summary.counts.created).toBe(created);
        expect(created).toBeLessThan(total);
        expect(summary.interrupted.remaining).toBe(total - created);

        // The next run picks up what the killed process left in GLUEFLOW_HOME. It runs in-process
        // through run(), the bin's own entry (the signal handling above is what needs a process), and
        // without the latency, which only had to make the signal land mid-run.
        emulator.admin.configure({ latencyMs: 0 });
        const resumed = await invoke(['run', 'big', '--json'], { cwd: dir, env });
        expect(resumed.code).toBe(0);
        expect(resumed.json()).toMatchObject({
          status: 'ok',
          counts: { created: total - created },
        });
        const names = (await ours()).map((o) => String(o.attributes.name));
        expect(names).toHaveLength(total);
        expect(new Set(names).size).toBe(total);
      } finally {
        await emulator.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
