/**
 * Runs the CLI in-process through `run()` — the same entry the bin uses — with captured streams, an
 * injected environment and a temporary GLUEFLOW_HOME, against a real emulator over HTTP on loopback.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@glueflow/emulator';
import type { EmulatorOptions, RunningEmulator } from '@glueflow/emulator';
import { run } from '../main.js';
import type { Env, InputStream } from '../context.js';
import type { KeychainStore } from '../session/keychain.js';

export const FIXTURE_PLUGIN = fileURLToPath(new URL('./orgs-plugin.mjs', import.meta.url));

export class Capture {
  text = '';
  constructor(readonly isTTY = false) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws with the output when it is not). */
  json<T = Record<string, unknown>>(): T;
}

export interface InvokeOptions {
  env?: Env;
  cwd?: string;
  stdin?: string | InputStream;
  keychain?: KeychainStore;
  signal?: AbortSignal;
  stdout?: Capture;
  stderr?: Capture;
}

export async function invoke(argv: string[], options: InvokeOptions = {}): Promise<CliResult> {
  const stdout = options.stdout ?? new Capture();
  const stderr = options.stderr ?? new Capture();
  const stdin = typeof options.stdin === 'string' ? Readable.from([options.stdin]) : options.stdin;
  const code = await run({
    argv,
    env: options.env ?? {},
    cwd: options.cwd ?? os.tmpdir(),
    stdout,
    stderr,
    ...(stdin ? { stdin } : {}),
    ...(options.keychain ? { keychain: options.keychain } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return {
    code,
    stdout: stdout.text,
    stderr: stderr.text,
    json<T>() {
      try {
        return JSON.parse(stdout.text) as T;
      } catch {
        throw new Error(`stdout is not JSON (exit ${code}):\n${stdout.text}\nstderr:\n${stderr.text}`);
      }
    },
  };
}

/** A project folder with a config file, a GLUEFLOW_HOME and the env pointing at an emulator. */
export interface Project {
  dir: string;
  home: string;
  env: Env;
  emulator: RunningEmulator;
  write(file: string, content: string): string;
  cli(argv: string[], options?: Omit<InvokeOptions, 'env' | 'cwd'> & { env?: Env }): Promise<CliResult>;
  close(): Promise<void>;
}

export async function createProject(
  config: Record<string, unknown> | null,
  emulatorOptions: Omit<EmulatorOptions, 'port'> = {},
): Promise<Project> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-cli-'));
  const home = path.join(dir, '.home');
  const emulator = await startEmulator({ ...emulatorOptions, port: 0 });
  const env: Env = { ITGLUE_API_URL: emulator.url, ITGLUE_API_KEY: 'ITG.emulator', GLUEFLOW_HOME: home };
  const write = (file: string, content: string) => {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    return target;
  };
  if (config) write('.glueflowrc.json', JSON.stringify(config, null, 2));
  return {
    dir,
    home,
    env,
    emulator,
    write,
    cli: (argv, options = {}) => invoke(argv, { ...options, env: { ...env, ...options.env }, cwd: dir }),
    async close() {
      await emulator.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Human output without what changes between runs: durations, temp paths, ports, ids, times — and
 * column padding, which follows the length of those paths.
 */
export function normalize(text: string, project?: Project): string {
  let out = text;
  if (project) {
    out = out.split(project.dir).join('<project>').split(project.emulator.url).join('<emulator>');
  }
  return out
    .replace(/\d+(\.\d+)? (ms|s)\b/g, '<t>')
    .replace(/\d+ min <t>/g, '<t>')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
    .replace(/(\S) {2,}/g, '$1  ');
}

export function companies(n: number, suffix = '') {
  return Array.from({ length: n }, (_, i) => ({ key: `c:${i + 1}`, name: `Company ${i + 1}${suffix}` }));
}

export function orgsConfig(pipelines: Record<string, unknown[]>, extra: Record<string, unknown> = {}) {
  return { plugins: [FIXTURE_PLUGIN], pipelines, ...extra };
}

/** A config whose pipeline `nightly` syncs these companies with the fixture plugin. */
export const nightlyConfig = (list: unknown[]) =>
  orgsConfig({ nightly: [{ step: 'orgs.sync', with: { companies: list } }] });
