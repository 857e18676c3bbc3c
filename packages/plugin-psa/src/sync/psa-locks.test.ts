/**
 * PSA sync on IT Glue's real semantics (reference §6a), end to end: the fake ConnectWise and an
 * emulator holding records IT Glue's own PSA sync owns (`psa-integration: enabled`, contacts also
 * `sync-active`), released ones (`disabled`, `orphaned`) and untouched ones. The emulator answers a
 * locked write with 422 "Cannot update a synced resource", as IT Glue does — so a sync that reads
 * the locks right gets no 422 at all, reports what it withheld, and an unchanged re-run writes nothing.
 */
import { afterEach, expect, it } from '@jest/globals';
import type { TestEngine } from '@glueflow/testkit';
import {
  CW_TEST_CREDENTIALS as credentials,
  CW_TEST_ENV as env,
  cwTestConnection,
  startFakeConnectWise,
  type FakeConnectWise,
} from '../__fixtures__/fake-connectwise.js';
import { insertOrganizations, messagesOf, organizations, psaEngine } from '../__fixtures__/psa-engine.js';
import { makeWorld } from '../__fixtures__/world.js';

const connection = (fake: FakeConnectWise) => cwTestConnection(fake, { http: { retries: 1 } });

let t: TestEngine | undefined;
let cw: FakeConnectWise | undefined;
afterEach(async () => {
  await t?.close();
  await cw?.close();
  t = undefined;
  cw = undefined;
});

it('a sync against documented PSA locks gets no 422, reports the locked records, and re-runs with no write', async () => {
  const world = makeWorld(6);
  const [c0, c1, c2, c3] = world.companies;
  cw = await startFakeConnectWise(credentials, world);
  t = await psaEngine(
    {
      provider: 'connectwise',
      connection: connection(cw),
      fields: { description: 'From {{source}} ({{types}})', quickNotes: 'CW {{identifier}}' },
    },
    { env },
  );
  const manage = { 'psa-integration-type': 'manage' };
  const [lockedByPsaId, disabled, orphaned, lockedByName] = await insertOrganizations(t, [
    // IT Glue's sync created it under another name: only the psa_id filter can find it.
    { name: 'Renamed In Manage', 'psa-integration': 'enabled', ...manage, 'psa-id': c0!.id },
    { name: c1!.name, 'psa-integration': 'disabled', ...manage, 'psa-id': c1!.id },
    { name: c2!.name, 'psa-integration': 'orphaned', ...manage, 'psa-id': '999999' },
    { name: c3!.name, 'psa-integration': 'enabled', 'psa-integration-type': 'autotask', 'psa-id': '77' },
  ]);
  // A synced contact (matched by e-mail) and a synced location of a locked organization.
  await t.admin.insert('contacts', [
    {
      'organization-id': Number(lockedByPsaId),
      'first-name': 'Dana',
      'last-name': 'Owner0',
      'contact-emails': [{ value: world.contacts[0]!.emails[0], primary: true, 'label-name': 'Work' }],
      'psa-integration': 'enabled',
      'sync-active': true,
      ...manage,
      'psa-id': world.contacts[0]!.id,
    },
  ]);
  await t.admin.insert('locations', [
    {
      'organization-id': Number(lockedByPsaId),
      name: 'HQ',
      'psa-integration': 'enabled',
      ...manage,
      'psa-id': '5',
    },
  ]);
  t.admin.resetStats();

  const first = await t.runStep('psa.sync-organizations', {});
  const contacts = await t.runStep('psa.sync-contacts', {});

  const stats = t.admin.stats();
  expect(stats.requests.byStatus['422'] ?? 0).toBe(0);
  expect(first.counts).toMatchObject({ created: 2, failed: 0 });
  expect(contacts.counts.failed).toBe(0);
  // The locked organizations got only what a synced organization accepts; the rest was reported.
  const orgs = await organizations(t);
  const byId = (id: string | undefined) => orgs.find((o) => o.id === id)!;
  expect(byId(lockedByPsaId)).toMatchObject({
    name: 'Renamed In Manage',
    psa: 'enabled',
    description: 'From connectwise (Managed Services Client)',
    quickNotes: `CW ${c0!.identifier}`,
  });
  expect(byId(lockedByName)).toMatchObject({ name: c3!.name, quickNotes: `CW ${c3!.identifier}` });
  const locked = messagesOf(first, 'EPSA_LOCKED');
  expect(locked.map((m) => m.item).sort()).toEqual([`connectwise:${c0!.id}`, `connectwise:${c3!.id}`]);
  for (const message of locked) {
    expect(message.reason).toMatch(
      /^skipped \(psa-locked\): ".+" #\d+ is synced by IT Glue's own PSA integration \(psa-integration: enabled\): name, .* not sent; description, quickNotes still writable$/,
    );
  }
  // Released records are written like any other.
  expect(byId(disabled)).toMatchObject({ quickNotes: `CW ${c1!.identifier}` });
  expect(byId(orphaned)).toMatchObject({ quickNotes: `CW ${c2!.identifier}` });
  // The synced contact is reported, never written.
  expect(messagesOf(contacts, 'EPSA_LOCKED')).toEqual([
    expect.objectContaining({ reason: expect.stringMatching(/^skipped \(psa-locked\)/) }),
  ]);
  // The psa-id match went through the documented filters, the id as a string.
  const psaQueries = t.requests.filter((r) => r.url.includes('filter[psa_id]'));
  expect(psaQueries.length).toBeGreaterThan(0);
  for (const query of psaQueries)
    expect(decodeURIComponent(query.url)).toMatch(/filter\[psa_integration_type\]=manage/);

  t.admin.resetStats();
  const again = await t.runStep('psa.sync-organizations', { full: true });
  const againContacts = await t.runStep('psa.sync-contacts', {});
  expect(t.admin.stats().writesApplied).toBe(0);
  expect(t.admin.stats().requests.byStatus['422'] ?? 0).toBe(0);
  expect(again.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
  expect(againContacts.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
});
