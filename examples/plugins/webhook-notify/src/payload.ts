/**
 * The JSON body of one delivery. Events never carry password values (core strips them); this plugin
 * strips again, deeply, anything under a key that names a secret — whatever a future event might hold.
 */
import type { ForwardedHook } from './options.js';

/** Keys whose values are secrets (`password`, `otpSecret`, `apiKey`, `accessToken` …), not `passwordUpdatedAt`. */
const SECRET_KEY = /(password|passwd|secret|token|api[-_]?key|private[-_]?key|credentials?)$/i;

export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) continue;
    out[key] = withoutSecrets(child);
  }
  return out;
}

export interface DeliveryPayload {
  /** The event's id: stable across re-deliveries, so receivers can drop duplicates. */
  id: string;
  hook: ForwardedHook;
  instance: string;
  event: unknown;
}

/**
 * A password's notes are where people paste what should have been a password ("PIN 4471, recovery
 * code …"): a rotation event leaves them out, whatever else it carries.
 */
const PASSWORD_HOOKS: ReadonlySet<ForwardedHook> = new Set(['onPasswordRotated']);

export function payloadOf(hook: ForwardedHook, event: { id: string; instance: string }): DeliveryPayload {
  const stripped = withoutSecrets(event);
  return {
    id: event.id,
    hook,
    instance: event.instance,
    event: PASSWORD_HOOKS.has(hook) ? withoutKey(stripped, 'notes') : stripped,
  };
}

function withoutKey(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutKey(item, key));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => name !== key)
      .map(([name, child]) => [name, withoutKey(child, key)]),
  );
}
