/**
 * What every command gets instead of process globals (semantic-release's `{cwd, env, stdout, stderr}`):
 * tests run the whole CLI in-process with their own streams, environment and keychain.
 */
import { createColors } from 'picocolors';
import type { KeychainStore } from './session/keychain.js';

export type Env = Record<string, string | undefined>;

/** The part of a writable stream the CLI uses; `isTTY` turns on colours and progress bars. */
export interface OutputStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

/** The part of stdin `auth set` and `init` read. */
export type InputStream = NodeJS.ReadableStream & { isTTY?: boolean };

export interface CliOptions {
  /** Arguments after the program name, e.g. `['run', 'nightly', '--json']`. */
  argv: readonly string[];
  env?: Env;
  cwd?: string;
  stdout?: OutputStream;
  stderr?: OutputStream;
  stdin?: InputStream;
  /** Aborted on SIGINT/SIGTERM by the bin: `watch` and `emulator` then stop cleanly. */
  signal?: AbortSignal;
  /** The OS keychain (service `glueflow`); injected in tests. */
  keychain?: KeychainStore;
}

/** Options every command accepts (declared on the program). */
export interface GlobalOptions {
  config?: string;
  instance?: string;
  quiet?: boolean;
  verbose?: boolean;
  logFile?: string;
  color?: boolean;
}

export type Colors = ReturnType<typeof createColors>;

/**
 * How the running command prints its result: `human` (reports, tables), `json` (`--json`: exactly one
 * line of JSON on stdout, so `>> runs.jsonl` makes JSON Lines) or `json-pretty` (`--json-pretty`: the
 * same object, indented for people).
 */
export type OutputMode = 'human' | 'json' | 'json-pretty';

/**
 * The one redaction step (core's Redactor), shared with the session's logger: every secret the
 * run registers — the API key, each `{ env }`/`{ keychain }` value a step resolved, their Basic and
 * encoded forms — is masked in the human report, `--json` output and error messages too.
 */
export interface OutputRedactor {
  string(text: string): string;
  strings(value: unknown): unknown;
}

export class CliContext {
  readonly env: Env;
  readonly cwd: string;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: InputStream | undefined;
  readonly signal: AbortSignal;
  readonly keychain: KeychainStore | undefined;
  globals: GlobalOptions = {};
  /** Set from the command's `--json`/`--json-pretty` before its action runs (program.ts). */
  output: OutputMode = 'human';
  #wroteJson = false;
  #colors: Colors | undefined;
  #redactor: OutputRedactor | undefined;

  constructor(options: CliOptions) {
    this.env = options.env ?? process.env;
    this.cwd = options.cwd ?? process.cwd();
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.stdin = options.stdin;
    this.signal = options.signal ?? new AbortController().signal;
    this.keychain = options.keychain;
  }

  /** Colours only on a terminal, and never with NO_COLOR (https://no-color.org) or --no-color. */
  get colors(): Colors {
    this.#colors ??= createColors(
      Boolean(this.stdout.isTTY) &&
        this.globals.color !== false &&
        !this.env.NO_COLOR &&
        this.env.TERM !== 'dumb',
    );
    return this.#colors;
  }

  /** Progress bars only on an interactive terminal, never in CI logs or pipes. */
  get interactive(): boolean {
    return Boolean(this.stderr.isTTY) && !this.env.CI && !this.globals.quiet;
  }

  /**
   * Installed once core is loaded (loading the config, opening a session); output written before
   * that — usage errors, help — holds nothing resolved from a secret.
   */
  useRedactor(redactor: OutputRedactor): void {
    this.#redactor = redactor;
  }

  get redactor(): OutputRedactor | undefined {
    return this.#redactor;
  }

  get jsonMode(): boolean {
    return this.output !== 'human';
  }

  /** Whether the command's JSON result is out: an error after it must not add a second document. */
  get wroteJson(): boolean {
    return this.#wroteJson;
  }

  /**
   * A line of the command's result on stdout. In JSON mode stdout holds the JSON document alone, so
   * a human line that slips through goes to stderr instead of breaking `>> file.jsonl`.
   */
  print(line = ''): void {
    (this.jsonMode ? this.stderr : this.stdout).write(`${this.#safe(line)}\n`);
  }

  /** Progress and notes on stderr; silent with --quiet. */
  note(line: string): void {
    if (!this.globals.quiet) this.stderr.write(`${this.#safe(line)}\n`);
  }

  /** Warnings and errors on stderr, also with --quiet. */
  warn(line: string): void {
    this.stderr.write(`${this.#safe(line)}\n`);
  }

  /** The command's one JSON document on stdout: one line, or indented with --json-pretty. */
  json(value: unknown): void {
    this.#wroteJson = true;
    this.jsonLine(value);
  }

  /** One JSON value of a stream (`watch --json`: an event per line); indented with --json-pretty. */
  jsonLine(value: unknown): void {
    const indent = this.output === 'json-pretty' ? 2 : undefined;
    this.stdout.write(`${JSON.stringify(this.#safeValue(value), null, indent)}\n`);
  }

  #safe(text: string): string {
    return this.#redactor ? this.#redactor.string(text) : text;
  }

  #safeValue(value: unknown): unknown {
    return this.#redactor ? this.#redactor.strings(value) : value;
  }
}
