/**
 * The schema-independent secret check of a config file: wherever a value sits, a secret-looking key
 * holds a reference and nothing else, a reference carries no value, and a URL carries no password.
 * A config tree may share nodes (YAML aliases, one object used twice in a JS config): it is walked
 * as a graph, each node once, within a node budget — never as the tree it expands to, which can be
 * exponentially larger than the file.
 */
import { isSecretKey as isSecretKeyName } from '@glueflow/itglue';

/**
 * Whether a key name holds a secret (its value is never shown, not even in an error): the same
 * names the log redactor masks (`password`, `privateKey`, `clientSecret`, `…Token`, `apiKey` …).
 */
export function isSecretKey(key: PropertyKey | undefined): boolean {
  return typeof key === 'string' && isSecretKeyName(key);
}

const REFERENCE_KEYS = ['env', 'keychain'];
/** Keys people put beside a reference to carry the value anyway (`default:`, `value:` …). */
const VALUE_KEYS = new Set(['default', 'value', 'fallback', 'secret', 'literal', 'initial']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Exactly `{ env: NAME }` or `{ keychain: NAME }`. */
export function isSecretRef(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.length === 1 &&
    REFERENCE_KEYS.includes(keys[0]!) &&
    typeof value[keys[0]!] === 'string' &&
    (value[keys[0]!] as string).length > 0
  );
}

/**
 * An object meant as a reference: `env`/`keychain` plus nothing but value-carrying keys. (An
 * option object that happens to have an `env: production` key among others is not one.)
 */
export function isReferenceLike(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.some((key) => REFERENCE_KEYS.includes(key)) &&
    keys.every((key) => REFERENCE_KEYS.includes(key) || VALUE_KEYS.has(key))
  );
}

/** `scheme://user:password@host`: the userinfo part with a password. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*:[^\s/?#@]*@/gi;

export function hasUrlCredentials(text: string): boolean {
  URL_CREDENTIALS.lastIndex = 0;
  return URL_CREDENTIALS.test(text);
}

/** The text with every URL's `user:password@` replaced by `…@`. */
export function maskUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1…@');
}

export type SecretShape = 'literal' | 'list' | 'bad-reference' | 'url-credentials';

export interface SecretFinding {
  path: Array<string | number>;
  shape: SecretShape;
  /** The value, for describing its type only — never to be printed. */
  value: unknown;
}

export interface SecretScan {
  findings: SecretFinding[];
  /** The node budget ran out: the file is too large to check (and to load). */
  exhausted: boolean;
}

/** Nodes a config may have (counted once each): far more than any real config. */
export const MAX_CONFIG_NODES = 100_000;

/** Finds every secret-shaped value in a config tree, visiting each node once. */
export function scanForSecrets(root: unknown, budget = MAX_CONFIG_NODES): SecretScan {
  const findings: SecretFinding[] = [];
  const seen = new WeakSet<object>();
  let left = budget;
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (--left < 0) return { findings, exhausted: true };
    if (typeof value === 'string') {
      if (hasUrlCredentials(value)) findings.push({ path, shape: 'url-credentials', value });
      continue;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (isReferenceLike(value) && !isSecretRef(value)) {
      findings.push({ path, shape: 'bad-reference', value });
      continue;
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.entries(value);
    for (const [key, child] of entries.reverse()) {
      const childPath = [...path, key];
      const shape = isSecretKey(key) ? secretValueShape(child) : null;
      if (shape) findings.push({ path: childPath, shape, value: child });
      else if (!(isSecretKey(key) && isSecretRef(child))) stack.push({ value: child, path: childPath });
    }
  }
  return { findings, exhausted: false };
}

/** What is wrong with a value under a secret-looking key, if anything. */
function secretValueShape(value: unknown): SecretShape | null {
  if (typeof value === 'string') return value.length > 0 ? 'literal' : null;
  if (typeof value === 'number' || typeof value === 'bigint') return 'literal';
  if (Array.isArray(value)) return 'list';
  if (isPlainObject(value) && REFERENCE_KEYS.some((key) => key in value) && !isSecretRef(value))
    return 'bad-reference';
  return null;
}

/**
 * Whether the tree `root` expands to (shared nodes counted each time they are reached, as a schema
 * check or a merge would) has more than `limit` nodes. Stops counting at the limit, so it is cheap
 * even for an exponential or cyclic graph.
 */
export function expandsBeyond(root: unknown, limit = MAX_CONFIG_NODES): boolean {
  let left = limit;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (--left < 0) return true;
    if (typeof value !== 'object' || value === null) continue;
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push(child);
  }
  return false;
}

/** What `maskSecretValues` puts where a secret was. */
export const MASK = '[REDACTED]';

/**
 * A copy of a config value safe to print: under a secret-looking key only a well-formed reference
 * survives (anything else, of any type, is masked whole); a reference-like object shows its `env`/
 * `keychain` name and masks the rest; URLs lose their `user:password@`. Shared nodes are copied
 * each time they are reached, so call it on a config that passed the size check.
 */
export function maskSecretValues(value: unknown): unknown {
  if (typeof value === 'string') return maskUrlCredentials(value);
  if (Array.isArray(value)) return value.map((item) => maskSecretValues(item));
  if (!isPlainObject(value)) return value;
  if (isReferenceLike(value) && !isSecretRef(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [
        key,
        REFERENCE_KEYS.includes(key) && typeof child === 'string' ? child : MASK,
      ]),
    );
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      !isSecretKey(key) || child === null || child === undefined || isSecretRef(child)
        ? maskSecretValues(child)
        : MASK,
    ]),
  );
}
