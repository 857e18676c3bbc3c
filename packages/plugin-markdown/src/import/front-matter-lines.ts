/**
 * Line numbers of front matter keys, for messages about their values (`traits.owner` on line 6).
 * The YAML is parsed again with positions; the opening `---` is line 1 of the file.
 */
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;

/** Each top-level front matter key with the line it is on, in file order. */
export function topLevelKeys(source: string): Array<{ key: string; line: number }> {
  const yaml = FRONT_MATTER.exec(source)?.[1];
  if (yaml === undefined) return [];
  const counter = new LineCounter();
  const document = parseDocument(yaml, { lineCounter: counter });
  if (!isMap(document.contents)) return [];
  return document.contents.items.flatMap((pair) => {
    const start = (pair.key as { range?: number[] } | null)?.range?.[0];
    if (!isScalar(pair.key) || start === undefined) return [];
    return [{ key: String(pair.key.value), line: counter.linePos(start).line + 1 }];
  });
}

/** `lineOf(key)`: the line of `traits.<key>` (or of `traits:` itself for ''), undefined when unknown. */
export function traitLines(source: string): (key: string) => number | undefined {
  const yaml = FRONT_MATTER.exec(source)?.[1];
  if (yaml === undefined) return () => undefined;
  const counter = new LineCounter();
  const document = parseDocument(yaml, { lineCounter: counter });
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? undefined : counter.linePos(offset).line + 1;
  return (key) => {
    if (!isMap(document.contents)) return undefined;
    const traits = document.contents.items.find((pair) => isScalar(pair.key) && pair.key.value === 'traits');
    if (!traits) return undefined;
    if (key === '' || !isMap(traits.value)) return lineAt((traits.key as { range?: number[] }).range?.[0]);
    const pair = traits.value.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    return lineAt((pair?.key as { range?: number[] } | undefined)?.range?.[0]);
  };
}
