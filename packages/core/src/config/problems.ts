/**
 * Config problems: every one names the file, the key path, what was expected and what was found.
 * They are collected — never thrown one at a time — so a user fixes a config in one pass.
 */
import type { z } from 'zod';
import { isSecretKey } from './secrets.js';

export interface ConfigProblem {
  /** The config file (or `environment`, `flags`) the bad value came from. */
  file: string;
  /** Key path in the config, e.g. `pipelines.runbooks[0].with.files`. */
  path: string;
  /** One line: what is wrong. */
  message: string;
  expected?: string;
  found?: string;
  hint?: string;
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

/** A short, safe description of a found value: type plus a clipped preview. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
  return `${typeof value} ${String(value)}`;
}

/** A value's shape only: for secrets. */
export function describeHidden(value: unknown): string {
  if (typeof value === 'string') return `a string of ${value.length} characters (value hidden)`;
  return describeValue(value);
}

export function zodIssuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  file: string,
  prefix: KeyPath = [],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    // Whatever went wrong under a secret-named key, its value is never echoed back.
    const describe = (value: unknown) =>
      isSecretKey(path.at(-1)) ? describeHidden(value) : describeValue(value);
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          problems.push({
            file,
            path: formatKeyPath([...path, key]),
            message: 'unknown key',
            expected: 'no such key (check the spelling against the documentation)',
            found: isSecretKey(key)
              ? describeHidden((input as Record<string, unknown> | undefined)?.[key])
              : describeValue((input as Record<string, unknown> | undefined)?.[key]),
          });
        }
        break;
      case 'invalid_type':
        problems.push({
          file,
          path: formatKeyPath(path),
          message: input === undefined ? 'required key is missing' : 'wrong type',
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
        // A secret() option given a literal: say that (the branch's own issue), never show the value.
        const branches =
          (
            issue as {
              errors?: Array<Array<{ message?: string; params?: { hint?: string; expected?: string } }>>;
            }
          ).errors ?? [];
        const literal = branches.flat().find((branch) => branch.message === 'literal secret in config');
        problems.push({
          file,
          path: formatKeyPath(path),
          message: literal ? 'literal secret in config' : 'value has none of the accepted shapes',
          ...(literal?.params?.expected ? { expected: literal.params.expected } : {}),
          found: literal ? describeHidden(input) : describe(input),
          ...(literal?.params?.hint ? { hint: literal.params.hint } : {}),
        });
        break;
      }
      default: {
        const params = (issue as { params?: { expected?: string; hint?: string } }).params;
        problems.push({
          file,
          path: formatKeyPath(path),
          message: issue.message,
          ...(params?.expected ? { expected: params.expected } : {}),
          ...(input !== undefined ? { found: describe(input) } : {}),
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
      const lines = [`${p.file}: ${p.path}: ${p.message}`];
      if (p.expected) lines.push(`  expected: ${p.expected}`);
      if (p.found) lines.push(`  found:    ${p.found}`);
      if (p.hint) lines.push(`  hint:     ${p.hint}`);
      return lines.join('\n');
    })
    .join('\n');
}
