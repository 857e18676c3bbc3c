/**
 * The one redaction step of glueflow. Everything that reaches a log line goes through `redact()`:
 * values under secret-looking keys are replaced, strings are scrubbed of Bearer/Basic credentials,
 * IT Glue keys (`ITG.…`), secret query parameters and every registered secret value. The input is
 * never mutated (winston's `info` is a shallow copy; mutating nested meta would change the caller's
 * objects — winston #880/#909), and errors go through an allow-list (serialize-error.ts).
 */
import { isErrorLike, serializeError } from './serialize-error.js';

function isAxiosLike(value: object): boolean {
  return (value as { isAxiosError?: unknown }).isAxiosError === true;
}

export const REDACTED = '[REDACTED]';

/** Keys (compared lower-case, without `-`/`_`) whose values are always secret. */
const SECRET_KEYS = new Set([
  'xapikey',
  'apikey',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'password',
  'passwd',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'secret',
  'clientsecret',
  'otpsecret',
  'privatekey',
  'publickey',
  'sharedsecret',
]);
/** Suffixes that make a key secret too (`admin-password`, `cwPrivateKey`, `graphClientSecret` …). */
const SECRET_SUFFIX = /(password|passwd|secret|token|apikey|privatekey|authorization)$/;

const STRING_PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{4,}/gi, `$1 ${REDACTED}`],
  [/\bITG\.[A-Za-z0-9._~+/=-]+/g, `ITG.${REDACTED}`],
  [
    /([?&;](?:api[-_]?key|token|access[-_]?token|password|secret|client[-_]?secret|key)=)[^&#\s"']+/gi,
    `$1${REDACTED}`,
  ],
  // `key: value`, `key=value`, `"key":"value"` — JSON, util.inspect and header dumps alike (not
  // `"key":{…}`: an object there is a reference or nested keys, masked by their own names).
  [
    /\b((?:x-api-key|api[-_]?key|authorization|password|passwd|secret|client[-_]?secret|token|access[-_]?token|private[-_]?key)['"]?\s*[:=]\s*)(['"]?)(?!Bearer\b|Basic\b|Token\b|\[REDACTED\]|[{[])[^'"\s,}&]+\2/gi,
    `$1$2${REDACTED}$2`,
  ],
];

export function isSecretKey(key: string): boolean {
  const normal = key.toLowerCase().replace(/[-_\s]/g, '');
  return SECRET_KEYS.has(normal) || SECRET_SUFFIX.test(normal);
}

export interface RedactorOptions {
  /** Exact secret values (the API key in use, a PSA private key …) masked wherever they appear. */
  secrets?: Iterable<string>;
  maxDepth?: number;
}

/** Registered values shorter than this are ignored: they would mask noise. */
const MIN_SECRET_LENGTH = 6;
/** Base64 fragments shorter than this are not registered (too short to be told from noise). */
const MIN_FRAGMENT_LENGTH = 8;

/**
 * The forms a secret takes on the wire besides itself: percent-encoded (form bodies, query
 * strings) and JSON-escaped. `Bearer <secret>` contains the secret itself; base64 is handled by
 * `base64Fragments`.
 */
export function derivedSecretForms(value: string): string[] {
  const forms = new Set([encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
  forms.delete(value);
  return [...forms];
}

/**
 * What any base64 text holding the secret contains, whatever surrounds it (a Basic credential is
 * base64 of `user:secret`): the secret's bytes land on one of three alignments, and the 3-byte
 * groups fully inside it encode the same on each — in standard and URL-safe base64.
 */
export function base64Fragments(value: string): string[] {
  const fragments = new Set<string>();
  const bytes = Buffer.from(value, 'utf8');
  for (let shift = 0; shift < 3; shift++) {
    const whole = Math.floor((bytes.length - shift) / 3) * 3;
    if (whole <= 0) continue;
    const chunk = bytes.subarray(shift, shift + whole);
    for (const encoded of [chunk.toString('base64'), chunk.toString('base64url')]) {
      if (encoded.length >= MIN_FRAGMENT_LENGTH) fragments.add(encoded);
    }
  }
  return [...fragments];
}

const BASE64_CHARS = '[A-Za-z0-9+/_-]*';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export class Redactor {
  private readonly registered = new Set<string>();
  private readonly secrets = new Set<string>();
  /** Base64 fragment → the whole base64 token around it (masked whole: user and secret alike). */
  private readonly fragments = new Map<string, RegExp>();
  /** Longest first, so a value is masked whole before a shorter form inside it would split it. */
  private ordered: string[] = [];
  private readonly maxDepth: number;

  constructor(options: RedactorOptions = {}) {
    for (const secret of options.secrets ?? []) this.addSecret(secret);
    this.maxDepth = options.maxDepth ?? 8;
  }

  /**
   * Registers a value to mask wherever it appears, together with the forms derived from it
   * (derivedSecretForms, and any base64 token holding it); very short values are ignored (they
   * would mask noise).
   */
  addSecret(value: string | undefined): void {
    if (!value || value.length < MIN_SECRET_LENGTH || this.registered.has(value)) return;
    this.registered.add(value);
    this.secrets.add(value);
    for (const form of derivedSecretForms(value)) this.secrets.add(form);
    for (const fragment of base64Fragments(value)) {
      this.fragments.set(
        fragment,
        new RegExp(`${BASE64_CHARS}${escapeRegExp(fragment)}${BASE64_CHARS}={0,2}`, 'g'),
      );
    }
    this.ordered = [...this.secrets].sort((a, b) => b.length - a.length);
  }

  string(text: string): string {
    let out = text;
    for (const secret of this.ordered) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    for (const [fragment, token] of this.fragments)
      if (out.includes(fragment)) out = out.replace(token, REDACTED);
    for (const [pattern, replacement] of STRING_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  /**
   * A copy of `value` with every string (keys too) scrubbed, and nothing else changed: no key-based
   * masking, no depth limit — for output whose shape must survive (`--json` reports).
   */
  strings(value: unknown, seen = new WeakSet<object>()): unknown {
    if (typeof value === 'string') return this.string(value);
    if (typeof value !== 'object' || value === null || value instanceof Date) return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    try {
      if (Array.isArray(value)) return value.map((item) => this.strings(item, seen));
      if (isErrorLike(value)) return this.strings(serializeError(value), seen);
      const source = value as { toJSON?: () => unknown };
      if (typeof source.toJSON === 'function') return this.strings(source.toJSON(), seen);
      return Object.fromEntries(
        Object.entries(value).map(([key, child]) => [this.string(key), this.strings(child, seen)]),
      );
    } finally {
      seen.delete(value);
    }
  }

  /** A redacted deep copy of `value`. */
  value(value: unknown): unknown {
    return this.walk(value, 0, new WeakSet());
  }

  private walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.string(value);
    if (typeof value !== 'object' || value === null) return value;
    if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
    if (value instanceof Date) return value;
    if (seen.has(value)) return '[Circular]';
    if (depth >= this.maxDepth) return '[Truncated]';
    seen.add(value);
    try {
      if (isErrorLike(value) || isAxiosLike(value)) return this.walk(serializeError(value), depth + 1, seen);
      if (Array.isArray(value)) return value.map((item) => this.walk(item, depth + 1, seen));
      if (value instanceof Map) return this.walk(Object.fromEntries(value), depth + 1, seen);
      if (value instanceof Set) return this.walk([...value], depth + 1, seen);
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        out[key] =
          isSecretKey(key) && child !== null && child !== undefined && child !== ''
            ? REDACTED
            : this.walk(child, depth + 1, seen);
      }
      return out;
    } finally {
      seen.delete(value);
    }
  }
}

/** One-off redaction with no registered secrets (key names and patterns only). */
export function redact<T>(value: T, options?: RedactorOptions): unknown {
  return new Redactor(options).value(value);
}
