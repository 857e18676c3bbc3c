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
 * A GlueflowMessage about one key of a config (always an error), under the names config errors have
 * always printed and `--json` carried: `path` is its `keyPath`, `message` its `reason`, `found` its `actual`.
 */
export interface ConfigProblem extends Pick<GlueflowMessage, 'line' | 'expected' | 'hint'> {
  /** The config file (or `environment`, `flags`) the bad value came from. */
  file: string;
  /** Key path in the config, e.g. `pipelines.runbooks[0].with.files`. */
  path: string;
  /** One line: what is wrong. */
  message: string;
  found?: string;
}

export type KeyPath = ReadonlyArray<string | number | symbol>;

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
  message: 'a reference takes only env or keychain, no value',
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
  return {
    file,
    path: formatKeyPath(path),
    message: typeof key === 'string' ? `required key \`${key}\` is missing` : 'required value is missing',
    ...(expected ? { expected } : {}),
  };
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
    // Whatever went wrong under a secret-named key or inside a reference, its value is never echoed.
    const describe = (value: unknown, at: KeyPath = path) =>
      hidden(at, value) ? describeHidden(value) : describeValue(value);
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'unrecognized_keys':
        if (isReferenceLike(input)) {
          problems.push({
            file,
            path: formatKeyPath(path),
            message: BAD_REFERENCE.message,
            expected: BAD_REFERENCE.expected,
            found: describeHidden(input),
            hint: BAD_REFERENCE.hint,
          });
          break;
        }
        for (const key of issue.keys) {
          const known = schema ? knownKeysAt(schema, issue.path) : [];
          const meant = closestName(key, known);
          problems.push({
            file,
            path: formatKeyPath([...path, key]),
            message: meant ? `unknown key (did you mean \`${meant}\`?)` : 'unknown key',
            expected: 'no such key (check the spelling against the documentation)',
            found: hidden(path, input)
              ? describeHidden((input as Record<string, unknown> | undefined)?.[key])
              : describe((input as Record<string, unknown> | undefined)?.[key], [...path, key]),
          });
        }
        break;
      case 'invalid_type':
        if (input === undefined) {
          problems.push(missingKey(file, path, issue.expected));
          break;
        }
        problems.push({
          file,
          path: formatKeyPath(path),
          message: 'wrong type',
          expected: issue.expected,
          found: describe(input),
        });
        break;
      case 'invalid_value':
        problems.push({
          file,
          path: formatKeyPath(path),
          message: 'value not allowed',
          expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
          found: describe(input),
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
        problems.push({
          file,
          path: formatKeyPath(path),
          message: refused?.message ?? 'value has none of the accepted shapes',
          ...(refused?.params?.expected ? { expected: refused.params.expected } : {}),
          found: refused ? describeHidden(input) : describe(input),
          ...(refused?.params?.hint ? { hint: refused.params.hint } : {}),
        });
        break;
      }
      default: {
        const params = (issue as { params?: { expected?: string; hint?: string; secret?: boolean } }).params;
        problems.push({
          file,
          path: formatKeyPath(path),
          message: issue.message,
          ...(params?.expected ? { expected: params.expected } : {}),
          ...(input !== undefined ? { found: params?.secret ? describeHidden(input) : describe(input) } : {}),
          ...(params?.hint ? { hint: params.hint } : {}),
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
      const lines = [`${p.file}${p.line ? `:${p.line}` : ''}: ${p.path}: ${p.message}`];
      if (p.expected) lines.push(`  expected: ${p.expected}`);
      if (p.found) lines.push(`  found:    ${p.found}`);
      if (p.hint) lines.push(`  hint:     ${p.hint}`);
      return lines.join('\n');
    })
    .join('\n');
}
