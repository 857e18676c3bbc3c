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
  // `key: value`, `key=value`, `"key":"value"` — JSON, util.inspect and header dumps alike.
  [
    /\b((?:x-api-key|api[-_]?key|authorization|password|passwd|secret|client[-_]?secret|token|access[-_]?token|private[-_]?key)['"]?\s*[:=]\s*)(['"]?)(?!Bearer\b|Basic\b|Token\b|\[REDACTED\])[^'"\s,}&]+\2/gi,
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

export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly maxDepth: number;

  constructor(options: RedactorOptions = {}) {
    for (const secret of options.secrets ?? []) this.addSecret(secret);
    this.maxDepth = options.maxDepth ?? 8;
  }

  /** Registers a value to mask by value; very short values are ignored (they would mask noise). */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 6) this.secrets.add(value);
  }

  string(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    for (const [pattern, replacement] of STRING_PATTERNS) out = out.replace(pattern, replacement);
    return out;
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
