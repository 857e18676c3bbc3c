/** psa.sync-contacts against the fake ConnectWise and the emulator: matched by e-mail, never duplicated. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import { psaPlugin } from '../plugin.js';
import {
  CW_TEST_CREDENTIALS,
  CW_TEST_ENV,
  cwTestConnection,
  startFakeConnectWise,
  type FakeConnectWise,
} from '../__fixtures__/fake-connectwise.js';
import { messagesOf, organizationNamed, psaEngine } from '../__fixtures__/psa-engine.js';
import { makeWorld } from '../__fixtures__/world.js';

const env = CW_TEST_ENV;
const credentials = CW_TEST_CREDENTIALS;
const connectionTo = (server: FakeConnectWise) => cwTestConnection(server);

let t: TestEngine | undefined;
let cw: FakeConnectWise | undefined;
afterEach(async () => {
  await t?.close();
  await cw?.close();
  t = undefined;
  cw = undefined;
});

async function contactsIn(engine: TestEngine) {
  const dump = await engine.admin.dump();
  return (dump.contacts ?? []).map((c) => ({
    id: String(c.id),
    ...(c.attributes as Record<string, unknown>),
  }));
}

describe('psa.sync-contacts', () => {
  it('creates contacts in the synced organizations, adopts an existing one by e-mail, and re-runs write nothing', async () => {
    const world = makeWorld(3);
    world.contacts.push({
      id: '60001',
      companyId: '1000',
      firstName: 'Sam',
      lastName: 'Tech',
      title: 'IT Lead',
      emails: ['SAM@harbor.example', 'sam.tech@harbor.example'],
      phone: null,
      active: true,
      updatedAt: null,
    });
    world.contacts.push({
      ...world.contacts[0]!,
      id: '60002',
      companyId: '9999',
      emails: ['x@nowhere.example'],
    });
    cw = await startFakeConnectWise(credentials, world);
    t = await psaEngine({ provider: 'connectwise', connection: connectionTo(cw) }, { env });
    await t.runStep('psa.sync-organizations', {});
    const harbor = await organizationNamed(t, world.companies[0]!.name);
    const existing = await t.client.contacts.create({
      organizationId: harbor!.id,
      firstName: 'Samuel',
      lastName: 'T.',
      contactEmails: [{ value: 'sam@harbor.example', primary: true, labelName: 'Work' }],
    });

    const first = await t.runStep('psa.sync-contacts', {});

    expect(first.counts).toMatchObject({ created: 3, updated: 1, skipped: 1, failed: 0 });
    expect(first.messages.find((m) => m.item === 'connectwise:contact:60002')!.reason).toContain(
      'company 9999 is not synced',
    );
    const contacts = await contactsIn(t);
    expect(contacts).toHaveLength(4);
    expect(contacts.find((c) => c.id === existing.id)).toMatchObject({
      'first-name': 'Sam',
      'last-name': 'Tech',
      'organization-id': Number(harbor!.id),
    });
    expect(t.eventsOf('contact:created')).toHaveLength(3);

    t.admin.resetStats();
    const again = await t.runStep('psa.sync-contacts', { full: true });
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    expect(t.admin.stats().writesApplied).toBe(0);
    // Incremental: only contacts changed since the bookmark (less the overlap) are listed at all.
    cw.requests.length = 0;
    const incremental = await t.runStep('psa.sync-contacts', {});
    expect(cw.requests[0]!.url.searchParams.get('conditions')).toBe(
      '_info/lastUpdated > [2025-01-01T00:01:00Z]',
    );
    expect(incremental.counts).toMatchObject({ unchanged: 1, created: 0, updated: 0 });
  });

  it('skips contacts IT Glue’s own PSA sync owns, reported as psa-locked', async () => {
    const world = makeWorld(1);
    cw = await startFakeConnectWise(credentials, world);
    t = await psaEngine({ provider: 'connectwise', connection: connectionTo(cw) }, { env });
    await t.runStep('psa.sync-organizations', {});
    const org = await organizationNamed(t, world.companies[0]!.name);
    await t.admin.insert('contacts', [
      {
        'organization-id': Number(org!.id),
        'first-name': 'Dana',
        'last-name': 'Owner0',
        'contact-emails': [{ value: world.contacts[0]!.emails[0], primary: true, 'label-name': 'Work' }],
        'psa-integration': 'enabled',
        'sync-active': true,
        'psa-integration-type': 'manage',
        'psa-id': '50000',
      },
    ]);
    t.admin.resetStats();
    const summary = await t.runStep('psa.sync-contacts', {});
    expect(summary.counts).toMatchObject({ skipped: 1, created: 0, failed: 0 });
    expect(messagesOf(summary, 'EPSA_LOCKED')[0]!.reason).toMatch(/^skipped \(psa-locked\)/);
    expect(t.admin.stats().writesApplied).toBe(0);
  });

  it('plan then apply of a first sync: contacts of organizations the plan creates are planned and applied', async () => {
    const world = makeWorld(3);
    cw = await startFakeConnectWise(credentials, world);
    const connection = connectionTo(cw);
    t = await createTestEngine({
      plugins: [[psaPlugin, { provider: 'connectwise', connection }]],
      env,
      pipelines: { 'psa-sync': [{ step: 'psa.sync-organizations' }, { step: 'psa.sync-contacts' }] },
    });
    const plan = await t.planOf('psa-sync');
    const contactEntries = plan.entries.filter((e) => e.request?.resourceType === 'contacts');
    expect(contactEntries).toHaveLength(world.contacts.length);
    expect(contactEntries.every((e) => e.action === 'create')).toBe(true);
    // Each refers to its organization by the plan's name for it: nothing was created to have an id.
    expect(contactEntries[0]!.request!.organizationId).toMatch(
      /^planned:@glueflow\/plugin-psa:connectwise:\d+$/,
    );
    expect(t.admin.stats().writesApplied).toBe(0);
    // The planned organizations lived only in the dry run's view of state.
    expect(await t.runtime.state.mappings.count('@glueflow/plugin-psa')).toBe(0);

    const applied = await t.apply(JSON.parse(JSON.stringify(plan)));
    expect(applied.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(applied.counts).toMatchObject({ created: 3 + world.contacts.length, failed: 0 });
    const contacts = await contactsIn(t);
    expect(contacts).toHaveLength(world.contacts.length);
    const orgIds = new Set((await t.admin.dump()).organizations!.map((o) => Number(o.id)));
    expect(
      contacts.every((c) => orgIds.has((c as Record<string, unknown>)['organization-id'] as number)),
    ).toBe(true);
  });
});
