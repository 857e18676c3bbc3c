import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from './server.js';
import { client, createOrganization, doc, type Json } from './test-support.js';

describe('SQLite storage (db option)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glueflow-emulator-'));
  const file = join(dir, 'itglue.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps state, ids and password values across restarts', async () => {
    const first = await startEmulator({ db: file });
    const api = client(first);
    const org = await createOrganization(api, 'Durable');
    const pw = (
      await api.post('/passwords', doc('passwords', { organization_id: org, name: 'P', password: 'kept' }))
    ).body.data.id;
    await api.patch(`/organizations/${org}`, doc('organizations', { alert: 'still here' }));
    const gone = await createOrganization(api, 'Gone');
    await api.delete('/organizations', { data: [{ type: 'organizations', attributes: { id: gone } }] });
    await first.stop();

    const second = await startEmulator({ db: file });
    const again = client(second);
    expect((await again.get(`/organizations/${org}`)).body.data.attributes.alert).toBe('still here');
    expect((await again.get(`/passwords/${pw}`)).body.data.attributes.password).toBe('kept');
    expect((await again.get(`/organizations/${gone}`)).status).toBe(404);
    const logs = (await again.get('/logs')).body.data.map((item: Json) => item.attributes.action);
    expect(logs).toEqual(['create', 'create', 'update', 'create', 'delete']);
    const next = await createOrganization(again, 'After restart');
    expect(next).toBeGreaterThan(gone);
    await second.stop();
  });

  it('persists before answering, bulk inserts and resets too', async () => {
    const emulator = await startEmulator({ db: file });
    const org = await createOrganization(client(emulator), 'Bulk');
    const ids = await emulator.admin.insert(
      'contacts',
      Array.from({ length: 500 }, (_, n) => ({ organization_id: org, first_name: `c${n}` })),
    );
    await emulator.stop();
    const reopened = await startEmulator({ db: file });
    expect((await client(reopened).get(`/contacts/${ids[499]}`)).body.data.attributes.name).toBe('c499');
    await reopened.admin.reset();
    await reopened.stop();
    const emptied = await startEmulator({ db: file });
    expect((await client(emptied).get('/organizations')).body.data).toEqual([]);
    expect((await client(emptied).get('/organization_types')).body.data.length).toBeGreaterThan(0);
    await emptied.stop();
  });

  it('generates seed data only into an empty database', async () => {
    const seeded = join(dir, 'seeded.sqlite');
    const first = await startEmulator({ db: seeded, generate: { organizations: 3, perOrganization: 1 } });
    await first.stop();
    const second = await startEmulator({ db: seeded, generate: { organizations: 3, perOrganization: 1 } });
    expect((await client(second).get('/organizations')).body.meta['total-count']).toBe(3);
    await second.stop();
  });
});
