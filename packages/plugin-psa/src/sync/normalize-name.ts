/**
 * Company names as people mean them: case, accents, punctuation, "&"/"and", a leading "The" and
 * legal-form suffixes (Inc, LLC, Ltd, Pty Ltd, GmbH …) ignored. "ACME, Inc." and "Acme Inc" both
 * become "acme". Used for the `normalized-name` strategy — whose matches always go to review — and
 * for spotting two PSA companies that only differ in such details.
 */

/** Legal forms, written as they look after punctuation is gone ("P.C." → "pc", "Pty. Ltd." → "pty ltd"). */
const LEGAL_SUFFIXES = [
  'inc',
  'incorporated',
  'llc',
  'llp',
  'lp',
  'pllc',
  'pc',
  'ltd',
  'limited',
  'pty ltd',
  'pty limited',
  'pty',
  'pte ltd',
  'pte',
  'plc',
  'corp',
  'corporation',
  'co',
  'company',
  'gmbh',
  'gmbh and co kg',
  'gmbh and co',
  'and co kg',
  'and co',
  'co kg',
  'kg',
  'ag',
  'ug',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'aps',
  'kk',
  'sro',
];

/** A name folder for one run; `extraSuffixes` come from the `nameSuffixes` option. */
export function nameNormalizer(extraSuffixes: readonly string[] = []): (name: string) => string {
  // Longest first, so "pty ltd" goes before "ltd" leaves a dangling "pty".
  const suffixes = [...new Set([...LEGAL_SUFFIXES, ...extraSuffixes.map(fold)])].sort(
    (a, b) => b.length - a.length,
  );
  return (name) => strip(fold(name), suffixes);
}

export function normalizeName(name: string, extraSuffixes: readonly string[] = []): string {
  return nameNormalizer(extraSuffixes)(name);
}

function strip(folded: string, suffixes: readonly string[]): string {
  let text = folded;
  text = text.replace(/^the /, '');
  // Strip suffixes from the end, repeatedly ("Acme Holdings Pty Ltd" → "acme holdings"), but never to nothing.
  for (let changed = true; changed;) {
    changed = false;
    for (const suffix of suffixes) {
      if (text.endsWith(` ${suffix}`)) {
        text = text.slice(0, -suffix.length - 1).trimEnd();
        changed = true;
        break;
      }
    }
  }
  return text;
}

function fold(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Exact-name folding as IT Glue and the write gate compare names: case only (and Unicode form). */
export function exactName(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}
