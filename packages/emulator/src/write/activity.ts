import { timestamp, type EmulatorContext } from '../context.js';
import type { StoredRecord } from '../store/store.js';
import type { ResourceDef } from '../resources/types.js';
import { nameOf } from '../resources/registry.js';

/** Who makes a change: the API, a person in the web UI (admin mutate/remove) or the emulator itself (seed, insert). */
export interface Actor {
  kind: 'api' | 'person' | 'system';
  userAgent?: string;
  ip?: string;
  /** Where IT Glue geolocates the IP (a loopback API caller cannot be located). */
  place?: { city: string; region: string; country: string };
}

/** The emulated web UI user: a documentation address (TEST-NET-3) with a fixed location. */
export const PERSON: Actor = {
  kind: 'person',
  userAgent: 'Mozilla/5.0 (IT Glue web UI, emulated)',
  ip: '203.0.113.10',
  place: { city: 'San Diego', region: 'CA', country: 'United States' },
};
export const SYSTEM: Actor = { kind: 'system' };

/** The emulated web UI user who "makes" admin mutations. */
const WEB_USER_ID = 1;
const ACCOUNT_ID = 1;
/** Every entry of the docs' example is level 2; what other levels mean is not documented. */
const LOG_LEVEL = 2;

/** Every change made by the API or a person becomes a /logs entry, as in IT Glue's activity log. */
export function logActivity(
  ctx: EmulatorContext,
  actor: Actor,
  action: 'create' | 'update' | 'delete',
  def: ResourceDef,
  record: StoredRecord,
): void {
  if (actor.kind === 'system' || def.type === 'logs') return;
  const organizationId =
    def.type === 'organizations' ? record.id : (record.attributes['organization-id'] as number | undefined);
  ctx.store.insert('logs', {
    level: LOG_LEVEL,
    'account-id': ACCOUNT_ID,
    'user-id': actor.kind === 'person' ? WEB_USER_ID : null,
    'organization-id': organizationId ?? null,
    action,
    'resource-type': def.label,
    'resource-name': nameOf(def, record.attributes, record.id),
    'ip-address': actor.ip ?? '127.0.0.1',
    'ip-city': actor.place?.city ?? null,
    'ip-region': actor.place?.region ?? null,
    'ip-country': actor.place?.country ?? null,
    'user-agent': actor.userAgent ?? null,
    'created-at': timestamp(ctx.now()),
    'updated-at': timestamp(ctx.now()),
  });
}
