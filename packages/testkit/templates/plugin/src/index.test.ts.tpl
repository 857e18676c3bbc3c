/**
 * The plugin against an in-process IT Glue emulator (no account needed): `createTestEngine` runs the real
 * engine, client, cache and state store on temporary files, and records events, logs and plans.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import plugin, { UPSERT_CONTACTS } from './index.js';

const people = [
  { id: 'p-1', firstName: 'Ada', lastName: 'Lovelace', title: 'Engineer' },
  { id: 'p-2', firstName: 'Grace', lastName: 'Hopper' },
];

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe(UPSERT_CONTACTS, () => {
  it('creates the contacts once; an unchanged re-run writes nothing', async () => {
    t = await createTestEngine({ plugins: [[plugin, { organization: 'Acme Corp' }]] });
    await t.client.organizations.create({ name: 'Acme Corp' });

    const first = await t.runStep(UPSERT_CONTACTS, { contacts: people });
    expect(first.status).toBe('ok');
    expect(first.counts.created).toBe(2);
    expect(t.eventsOf('contact:created')).toHaveLength(2);

    t.admin.resetStats();
    const again = await t.runStep(UPSERT_CONTACTS, { contacts: people });
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(t.admin.stats().writesApplied).toBe(0);
  });

  it('a dry run plans the creates and writes nothing', async () => {
    t = await createTestEngine({ plugins: [plugin] });
    await t.client.organizations.create({ name: 'Acme Corp' });
    t.admin.resetStats();
    const summary = await t.runStep(
      UPSERT_CONTACTS,
      { organization: 'Acme Corp', contacts: people },
      { dryRun: true },
    );
    expect(summary.counts.created).toBe(2);
    expect(t.plan).toHaveLength(2);
    expect(t.admin.stats().writesApplied).toBe(0);
  });

  it('reports an unknown organization as an error message instead of throwing', async () => {
    t = await createTestEngine({ plugins: [plugin] });
    const summary = await t.runStep(UPSERT_CONTACTS, { organization: 'Nobody Ltd', contacts: people });
    expect(summary.status).toBe('failed'); // every item failed, none went through: exit code 1 from the CLI
    expect(summary.counts.failed).toBe(2);
    expect(summary.messages).toEqual([
      expect.objectContaining({ severity: 'error', code: 'E{{errorPrefix}}_UNKNOWN_ORGANIZATION' }),
    ]);
  });

  it('rejects unknown keys in with: before anything runs', async () => {
    t = await createTestEngine({ plugins: [plugin] });
    await expect(t.runStep(UPSERT_CONTACTS, { contacts: [], colour: 'blue' })).rejects.toThrow(/colour/);
  });
});

describe('onOrganizationUpdated tap', () => {
  it('logs an organization renamed in IT Glue, as `glueflow watch` sees it', async () => {
    t = await createTestEngine({ plugins: [plugin] });
    const organization = await t.client.organizations.create({ name: 'Acme Corp' });
    await t.runtime.watch({ once: true, types: ['organizations'] }); // the first poll only records a baseline
    await new Promise((resolve) => setTimeout(resolve, 1100)); // IT Glue's updated-at has second precision
    await t.admin.mutate('organizations', organization.id, { name: 'Acme Corporation' });
    await t.runtime.watch({ once: true, types: ['organizations'] });
    expect(t.logs).toContainEqual(
      expect.objectContaining({ message: 'organization updated', changedFields: ['name'] }),
    );
  });
});
