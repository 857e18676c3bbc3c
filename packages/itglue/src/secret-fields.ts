/**
 * Which values of an IT Glue record are secrets — one place for the whole of Glueflow (cache, events,
 * plans, state hashes):
 * - a password's `password` and OTP secret;
 * - a flexible asset's Password-kind traits. Traits are keyed by the type's field `name-key`, so such a
 *   field can be called anything ("Pre-Shared Key", "Wi-Fi code"). Once the type's fields have been
 *   read (`SecretTraits.load`, once per type per client) the keys are known exactly; until then, and on
 *   top, keys with a secret-sounding word are treated as secrets ("admin-password", "licence-key").
 *   A false guess only keeps a harmless value out of the cache, events and plans.
 */
import type { FlexibleAssetField } from './models/assets.js';

/** Attribute names that hold a secret on any record, in every spelling the API and our models use. */
export const SECRET_RECORD_FIELDS = ['password', 'otpSecret', 'otp-secret', 'otp_secret'] as const;

/** Stands in for a secret value wherever a record is written out (plan files, diffs). */
export const SECRET_PLACEHOLDER = '[secret]';

// Whole words only, so "shipping-notes" and "keyboard-layout" survive.
const SECRET_WORDS = new Set([
  'pass',
  'passwd',
  'password',
  'passphrase',
  'passcode',
  'pwd',
  'secret',
  'otp',
  'pin',
  'psk',
  'key',
  'token',
  'apikey',
  'credential',
  'credentials',
]);

/** A trait key that sounds like a secret ("admin-password", "wifiPassphrase", "pre-shared-key"). */
export function isSecretTraitName(key: string): boolean {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => SECRET_WORDS.has(word));
}

/** The secret trait keys of one flexible asset type, when its fields have been read. */
export type SecretTraitKeys = ReadonlySet<string> | undefined;

function isSecretTrait(key: string, known: SecretTraitKeys): boolean {
  return Boolean(known?.has(key)) || isSecretTraitName(key);
}

/** A record without its secret values (top-level secrets and secret traits), for events and caches. */
export function withoutSecrets<T extends Record<string, unknown>>(record: T, known?: SecretTraitKeys): T {
  const copy: Record<string, unknown> = { ...record };
  for (const field of SECRET_RECORD_FIELDS) delete copy[field];
  const traits = copy.traits;
  if (traits && typeof traits === 'object' && !Array.isArray(traits)) {
    copy.traits = Object.fromEntries(
      Object.entries(traits as Record<string, unknown>).filter(([key]) => !isSecretTrait(key, known)),
    );
  }
  return copy as T;
}

/**
 * A copy with every secret value passed through `replace` (keys kept): plans show `[secret]`, state
 * hashes a keyed digest. Values that are absent stay absent.
 */
export function replaceSecrets(
  attributes: Record<string, unknown>,
  replace: (value: unknown) => unknown,
  known?: SecretTraitKeys,
): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...attributes };
  for (const field of SECRET_RECORD_FIELDS) if (copy[field] != null) copy[field] = replace(copy[field]);
  const traits = copy.traits;
  if (traits && typeof traits === 'object' && !Array.isArray(traits)) {
    copy.traits = Object.fromEntries(
      Object.entries(traits as Record<string, unknown>).map(([key, value]) => [
        key,
        value != null && isSecretTrait(key, known) ? replace(value) : value,
      ]),
    );
  }
  return copy;
}

/** Whether a field of a plan diff (`password`, `traits.pre-shared-key`) holds a secret. */
export function isSecretField(field: string, known?: SecretTraitKeys): boolean {
  if ((SECRET_RECORD_FIELDS as readonly string[]).includes(field)) return true;
  return field.startsWith('traits.') && isSecretTrait(field.slice('traits.'.length), known);
}

/**
 * Password-kind trait keys per flexible asset type, read once per type for the client's lifetime
 * (a type's fields rarely change; a field added later is still caught by its name or on restart).
 */
export class SecretTraits {
  readonly #loaded = new Map<string, Set<string>>();
  readonly #loading = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(private readonly listFields: (typeId: string) => AsyncIterable<FlexibleAssetField>) {}

  /** The keys, when this type's fields were read already (for synchronous sinks such as the cache). */
  known(typeId: unknown): SecretTraitKeys {
    return typeId === undefined || typeId === null ? undefined : this.#loaded.get(String(typeId));
  }

  /** The keys of a type, reading its fields the first time. A failed read is retried next time. */
  load(typeId: unknown): Promise<ReadonlySet<string>> {
    const id = String(typeId);
    const known = this.#loaded.get(id);
    if (known) return Promise.resolve(known);
    let loading = this.#loading.get(id);
    if (!loading) {
      loading = this.#read(id).finally(() => this.#loading.delete(id));
      this.#loading.set(id, loading);
    }
    return loading;
  }

  /** Fields read elsewhere (ensuring a type) teach the keys without another request. */
  learn(typeId: unknown, fields: ReadonlyArray<Pick<FlexibleAssetField, 'kind' | 'nameKey'>>): void {
    this.#loaded.set(
      String(typeId),
      new Set(fields.filter((f) => f.kind === 'Password' && f.nameKey).map((f) => String(f.nameKey))),
    );
  }

  async #read(id: string): Promise<ReadonlySet<string>> {
    const fields: FlexibleAssetField[] = [];
    for await (const field of this.listFields(id)) fields.push(field);
    this.learn(id, fields);
    return this.#loaded.get(id)!;
  }
}
