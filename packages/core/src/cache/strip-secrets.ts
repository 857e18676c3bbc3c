/**
 * What must never reach the cache file, whatever a caller hands to `put`: password values, OTP
 * secrets and file contents (attachments, document bodies, upload traits). The cache stores metadata
 * only; a value is always fetched from IT Glue when it is needed.
 */

// Keys removed at any depth. `content`/`attachment` carry file bodies (attachments, document
// sections, flexible-asset Upload traits); the rest are secrets in every spelling the API and our
// camelCase models use.
const NEVER_STORED = new Set([
  'password',
  'otpSecret',
  'otp-secret',
  'otp_secret',
  'content',
  'attachment',
  'fileContent',
  'file-content',
  'file_content',
]);

// Flexible-asset traits are keyed by the type's field `name-key`, so a Password-kind field can be
// called anything: drop every trait with a secret-sounding word in its key ("admin-password",
// "wifiPassphrase", "pin"), matched by whole words so "shipping-notes" survives.
const SECRET_WORDS = new Set([
  'pass',
  'passwd',
  'password',
  'passphrase',
  'secret',
  'otp',
  'pin',
  'token',
  'apikey',
  'credential',
  'credentials',
]);

function isSecretTrait(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word, i) => SECRET_WORDS.has(word) || (word === 'api' && words[i + 1] === 'key'));
}

export function stripSecrets<T>(record: T): T {
  return strip(record, false) as T;
}

function strip(value: unknown, inTraits: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => strip(item, false));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (NEVER_STORED.has(key)) continue;
    if (inTraits && isSecretTrait(key)) continue;
    out[key] = strip(inner, key === 'traits');
  }
  return out;
}
