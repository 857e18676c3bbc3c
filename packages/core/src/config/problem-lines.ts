/**
 * The line of each problem's key path in its config file, so `colour: unknown key` can be found in a
 * long file. YAML and JSON files are parsed with positions (JSON is YAML); JavaScript and TypeScript
 * configs are searched as text, key after key along the path — good enough for an object literal, and
 * a key that cannot be found simply gets no line. A missing key points at its parent.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import { parseKeyPath } from './problems.js';
import type { ConfigProblem } from './problems.js';

type Part = string | number;

/** `pipelines.runbooks[0].with.files` → ['pipelines', 'runbooks', 0, 'with', 'files']. */
function partsOf(keyPath: string): Part[] | undefined {
  if (keyPath.startsWith('(') || keyPath.startsWith('line ') || keyPath.startsWith('-')) return undefined;
  return parseKeyPath(keyPath);
}

function yamlLine(text: string, parts: Part[]): number | undefined {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  let node: unknown = document.contents;
  let offset: number | undefined;
  for (const part of parts) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0];
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
      node = node.items[part];
      offset = (node as Node).range?.[0] ?? offset;
    } else break;
  }
  return offset === undefined ? undefined : counter.linePos(offset).line;
}

/** Each key of the path searched for after the previous one; indices are skipped. */
function textLine(text: string, parts: Part[]): number | undefined {
  let from = 0;
  let found: number | undefined;
  for (const part of parts) {
    if (typeof part === 'number') continue;
    const name = part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const key = new RegExp(`(?:^|[\\s{,])(['"\`]?)${name}\\1\\s*:`, 'g');
    key.lastIndex = from;
    const match = key.exec(text);
    if (!match) break;
    found = match.index + match[0].indexOf(part);
    from = key.lastIndex;
  }
  return found === undefined ? undefined : text.slice(0, found).split('\n').length;
}

function lineIn(file: string, text: string, parts: Part[]): number | undefined {
  const base = path.basename(file);
  if (base === 'package.json') return yamlLine(text, ['glueflow', ...parts]);
  if (/\.(c|m)?[jt]s$/.test(base)) return textLine(text, parts);
  return yamlLine(text, parts);
}

/** The problems with `line` set where the file and key path allow; files are read once each. */
export function withLines(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const texts = new Map<string, string | null>();
  const read = (file: string) => {
    if (!texts.has(file)) {
      let text: string | null = null;
      try {
        text = path.isAbsolute(file) ? readFileSync(file, 'utf8') : null;
      } catch {
        // no file (environment, flags) or unreadable: no line
      }
      texts.set(file, text);
    }
    return texts.get(file) ?? null;
  };
  return problems.map((problem) => {
    if (problem.line !== undefined) return problem;
    const parts = partsOf(problem.place);
    const text = parts && parts.length > 0 ? read(problem.item) : null;
    const line = text === null || !parts ? undefined : lineIn(problem.item, text, parts);
    return line === undefined ? problem : { ...problem, line };
  });
}
