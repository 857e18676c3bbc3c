/**
 * The records the conformance tests compare (test support): realistic seed data, plus what the
 * seed does not make — a child organization, configuration interfaces, attachments on every
 * attachable type, a related item, a document and a change made by a person (a log with a user).
 */
import type { JsonApiResource, RunningEmulator, StateDump } from '../types.js';
import { client, doc, type Client } from '../test-support.js';

export interface World {
  api: Client;
  /** Every record after the setup (the admin dump: what exists, and who owns what). */
  dump: StateDump;
}

/** Route segments of the types attachments hang off, by JSON:API type. */
export const ATTACHABLE_ROUTES: Readonly<Record<string, string>> = {
  configurations: 'configurations',
  contacts: 'contacts',
  documents: 'documents',
  locations: 'locations',
  passwords: 'passwords',
  'flexible-assets': 'flexible_assets',
};

const TEXT_FILE = { content: Buffer.from('Rack 2, shelf 3').toString('base64'), file_name: 'where.txt' };
const PDF_FILE = { content: Buffer.from('%PDF-1.4 conformance').toString('base64'), file_name: 'guide.pdf' };

export async function buildWorld(emulator: RunningEmulator): Promise<World> {
  const api = client(emulator);
  await emulator.admin.seed({ organizations: 12, perOrganization: 4, seed: 7 });
  const seeded = await emulator.admin.dump();
  const [org, other] = seeded.organizations ?? [];
  if (!org || !other) throw new Error('the seed made no organizations');
  await must(
    api.post('/organizations', doc('organizations', { name: 'Conformance Branch', parent_id: org.id })),
  );
  await must(
    api.post(
      `/organizations/${org.id}/relationships/documents`,
      doc('documents', { name: 'Network runbook' }),
    ),
  );
  for (const configuration of (seeded.configurations ?? []).slice(0, 2)) {
    await must(
      api.post(`/configurations/${configuration.id}/relationships/configuration_interfaces`, {
        data: [
          {
            type: 'configuration-interfaces',
            attributes: {
              name: 'LAN',
              primary: true,
              ip_address: '10.1.2.3',
              mac_address: 'D4:6A:91:13:2D:77',
              notes: 'Onboard NIC',
            },
          },
          { type: 'configuration-interfaces', attributes: { name: 'WLAN', ip_address: '10.1.9.3' } },
        ],
      }),
    );
  }
  const withDocument = await emulator.admin.dump();
  for (const [jsonType, route] of Object.entries(ATTACHABLE_ROUTES)) {
    const owner = richest(withDocument[jsonType] ?? []);
    if (!owner) continue;
    const files = {
      data: [TEXT_FILE, PDF_FILE].map((attachment) => ({ type: 'attachments', attributes: { attachment } })),
    };
    await must(api.post(`/${route}/${owner.id}/relationships/attachments`, files));
  }
  const [configuration] = seeded.configurations ?? [];
  const [password] = seeded.passwords ?? [];
  if (configuration && password) {
    await must(
      api.post(`/configurations/${configuration.id}/relationships/related_items`, {
        data: {
          type: 'related_items',
          attributes: { destination_id: password.id, destination_type: 'Password', notes: 'Admin login' },
        },
      }),
    );
  }
  if (configuration) {
    // An embedded password (on a configuration): resource-id, resource-type and cached-* filled.
    await must(
      api.post(
        '/passwords',
        doc('passwords', {
          organization_id: configuration.attributes['organization-id'],
          name: 'iDRAC',
          password: 's3cret',
          resource_type: 'Configuration',
          resource_id: configuration.id,
        }),
      ),
    );
  }
  await emulator.admin.mutate('organizations', other.id, { alert: 'Changed by a person in the web UI' });
  return { api, dump: await emulator.admin.dump() };
}

/** The record with the most non-null attributes: the most types to check. */
export function richest(records: readonly JsonApiResource[]): JsonApiResource | undefined {
  return [...records].sort((a, b) => filled(b) - filled(a) || Number(a.id) - Number(b.id))[0];
}

export function filled(record: JsonApiResource): number {
  return Object.values(record.attributes).filter((value) => value !== null && value !== '').length;
}

async function must(answer: Promise<{ status: number; text: string }>): Promise<void> {
  const { status, text } = await answer;
  if (status >= 300) throw new Error(`world setup: ${status} ${text}`);
}
