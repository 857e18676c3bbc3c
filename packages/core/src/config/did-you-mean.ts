/**
 * "Did you mean …?" for a misspelt name (a config key, a plugin, a front matter key): the known
 * name nearest by edit distance, when it is near enough to be the one meant. Case and `-`/`_`
 * differences count as nothing, a swap of two neighbouring letters as one edit (`orgnaization`).
 */

/** Edits (insert, delete, replace, swap neighbours) turning `a` into `b`: optimal string alignment. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

const fold = (name: string) => name.toLowerCase().replace(/[-_\s]/g, '');

/**
 * The candidate `word` most likely misspells, or undefined when none is close: at most a third of
 * the longer name's letters may differ (two for short names), so `files` never suggests `filter`
 * for `x`.
 */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  const folded = fold(word);
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    if (name === word) continue;
    const distance = editDistance(folded, fold(name));
    const allowed = Math.max(2, Math.floor(Math.max(folded.length, name.length) / 3));
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** ` (did you mean "organization"?)` or '' — to append to a message about `word`. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const name = closestName(word, candidates);
  return name === undefined ? '' : ` (did you mean "${name}"?)`;
}
