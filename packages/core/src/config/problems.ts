/**
 * Config problems: every one names the file, the key path, what was expected and what was found.
 * They are collected — never thrown one at a time — so a user fixes a config in one pass.
 */
import type { z } from 'zod';
import type { GlueflowMessage } from '../engine/hook-types.js';
import { closestName } from './did-you-mean.js';
import { knownKeysAt } from './schema-keys.js';
import { isReferenceLike, isSecretKey, maskUrlCredentials } from './secret-scan.js';

/**
 * A GlueflowMessage about one key of a config, always an error: the config file (or `environment`,
 * `flags`) is its `item`, the key path its `place` — the way a step's message names a file and a line.
 */
export interface ConfigProblem extends GlueflowMessage {
  severity: 'error';
  /** The config file (or `environment`, `flags`) the bad value came from. */
  item: string;
  /** Key path in the config, e.g. `pipelines.runbooks[0].with.files`; `(file)` for the file as a whole. */
  place: string;
}

/** What a config problem says beyond where it is. */
export type ConfigProblemText = Pick<GlueflowMessage, 'reason' | 'expected' | 'actual' | 'hint'>;

/** A config problem at `keyPath` of `file`; parts of `text` left undefined or empty are left out. */
export function configProblem(file: string, keyPath: string, text: ConfigProblemText): ConfigProblem {
  const said = Object.entries(text).filter(([key, value]) => key === 'reason' || value);
  return {
    severity: 'error',
    item: file,
    place: keyPath,
    ...(Object.fromEntries(said) as ConfigProblemText),
  };
}

/** A config problem as `--json` prints it. */
export interface ConfigProblemJson {
  file: string;
  path: string;
  message: string;
  expected?: string;
  found?: string;
  hint?: string;
  line?: number;
}

/**
 * The one place config problems leave as JSON (error JSON, `plugins --json`). They keep the names
 * they had before ConfigProblem became a GlueflowMessage — `file`, `path`, `message`, `found` — because
 * users' scripts read them (docs/cli.md): a documented output contract is not renamed with the type.
 */
export function configProblemJson(problem: ConfigProblem): ConfigProblemJson {
  const { expected, actual, hint, line } = problem;
  return {
    file: problem.item,
    path: problem.place,
    message: problem.reason,
    ...(expected !== undefined ? { expected } : {}),
    ...(actual !== undefined ? { found: actual } : {}),
    ...(hint !== undefined ? { hint } : {}),
    ...(line !== undefined ? { line } : {}),
  };
}

export type KeyPath = ReadonlyArray<string | number | symbol>;

/** `pipelines.runbooks[0].with.files` → ['pipelines', 'runbooks', 0, 'with', 'files'] (formatKeyPath's inverse). */
export function parseKeyPath(keyPath: string): Array<string | number> {
  return [...keyPath.matchAll(/\[(\d+)\]|[^.[\]]+/g)].map((m) => (m[1] === undefined ? m[0] : Number(m[1])));
}

export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

/** A short, safe description of a found value: type plus a clipped preview (URL passwords masked). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') {
    const safe = maskUrlCredentials(value);
    return JSON.stringify(safe.length > 60 ? `${safe.slice(0, 57)}...` : safe);
  }
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
  return `${typeof value} ${String(value)}`;
}

/** A value's type only, for anything under a secret key or inside a reference, whatever its type. */
export function describeHidden(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length} (values not shown)`;
  if (typeof value === 'object')
    return `an object with keys ${Object.keys(value).join(', ') || '(none)'} (values not shown)`;
  return `${typeof value === 'bigint' ? 'a number' : `a ${typeof value}`} (value not shown)`;
}

/** `{ env: X, default: … }`: the one wording, wherever it is found. */
export const BAD_REFERENCE = {
  reason: 'a reference takes only env or keychain, no value',
  expected: '{ env: NAME } or { keychain: NAME }, nothing beside it (no default: or value:)',
  hint: 'remove the other keys: a missing variable is an error, never a fallback to a value written here',
};

/** Whether a value at this key path may be shown in a problem. */
function hidden(path: KeyPath, value: unknown): boolean {
  return (
    path.some((part) => isSecretKey(part) || part === 'env' || part === 'keychain') || isReferenceLike(value)
  );
}

/** `string or array` from a union's branches, for a key that is missing altogether. */
function unionExpected(issue: z.core.$ZodIssue): string | undefined {
  const branches = (issue as { errors?: Array<Array<{ code?: string; expected?: string }>> }).errors ?? [];
  const expected = branches.map((b) => b.find((i) => i.code === 'invalid_type')?.expected);
  return expected.every(Boolean) && expected.length > 0 ? [...new Set(expected)].join(' or ') : undefined;
}

/** A key absent from its object: named as such, never as "a value of none of the shapes". */
function missingKey(file: string, path: KeyPath, expected: string | undefined): ConfigProblem {
  const key = path.at(-1);
  return configProblem(file, formatKeyPath(path), {
    reason: typeof key === 'string' ? `required key \`${key}\` is missing` : 'required value is missing',
    expected,
  });
}

/**
 * zod issues as problems. `schema` (the one that was parsed) lets an unknown key be answered with the
 * key it probably misspells and the keys allowed there.
 */
export function zodIssuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  file: string,
  prefix: KeyPath = [],
  schema?: z.ZodType,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const add = (text: ConfigProblemText, keyPath: KeyPath = path) =>
      problems.push(configProblem(file, formatKeyPath(keyPath), text));
    // Whatever went wrong under a secret-named key or inside a reference, its value is never echoed.
    const describe = (value: unknown, keyPath: KeyPath = path) =>
      hidden(keyPath, value) ? describeHidden(value) : describeValue(value);
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'unrecognized_keys':
        if (isReferenceLike(input)) {
          add({ ...BAD_REFERENCE, actual: describeHidden(input) });
          break;
        }
        for (const key of issue.keys) {
          const known = schema ? knownKeysAt(schema, issue.path) : [];
          const meant = closestName(key, known);
          add(
            {
              reason: meant ? `unknown key (did you mean \`${meant}\`?)` : 'unknown key',
              expected: 'no such key (check the spelling against the documentation)',
              actual: hidden(path, input)
                ? describeHidden((input as Record<string, unknown> | undefined)?.[key])
                : describe((input as Record<string, unknown> | undefined)?.[key], [...path, key]),
            },
            [...path, key],
          );
        }
        break;
      case 'invalid_type':
        if (input === undefined) {
          problems.push(missingKey(file, path, issue.expected));
          break;
        }
        add({ reason: 'wrong type', expected: issue.expected, actual: describe(input) });
        break;
      case 'invalid_value':
        add({
          reason: 'value not allowed',
          expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
          actual: describe(input),
        });
        break;
      case 'invalid_union': {
        // A secret() option given anything but a reference: its own issue says what, never the value.
        const branches =
          (
            issue as {
              errors?: Array<
                Array<{ message?: string; params?: { secret?: boolean; hint?: string; expected?: string } }>
              >;
            }
          ).errors ?? [];
        const refused = branches.flat().find((branch) => branch.params?.secret === true);
        if (!refused && input === undefined) {
          problems.push(missingKey(file, path, unionExpected(issue)));
          break;
        }
        add({
          reason: refused?.message ?? 'value has none of the accepted shapes',
          expected: refused?.params?.expected,
          actual: refused ? describeHidden(input) : describe(input),
          hint: refused?.params?.hint,
        });
        break;
      }
      default: {
        const params = (issue as { params?: { expected?: string; hint?: string; secret?: boolean } }).params;
        add({
          reason: issue.message,
          expected: params?.expected,
          actual: input === undefined ? undefined : params?.secret ? describeHidden(input) : describe(input),
          hint: params?.hint,
        });
      }
    }
  }
  return problems;
}

/** Human report: one block per problem, file and key path first. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems
    .map((p) => {
      const lines = [`${p.item}${p.line ? `:${p.line}` : ''}: ${p.place}: ${p.reason}`];
      if (p.expected) lines.push(`  expected: ${p.expected}`);
      if (p.actual) lines.push(`  found:    ${p.actual}`);
      if (p.hint) lines.push(`  hint:     ${p.hint}`);
      return lines.join('\n');
    })
    .join('\n');
}
