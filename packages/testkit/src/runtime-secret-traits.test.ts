/**
 * A flexible asset's Password-kind traits are secrets like a password's value: never in the cache file,
 * events, plans or state hashes — whatever the field is called. The emulator's Wireless type has a
 * "Pre-Shared Key" (caught by its name too); "Door Code" below is caught only by its kind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from '@jest/globals';
import { definePlugin } from '@glueflow/core';
import { z } from 'zod';
import { createTestEngine } from './index.js';
import type { TestEngine } from './index.js';

const DOOR_CODE = 'Door-Code-4471-zq';

const doorPlugin = definePlugin({
  name: 'glueflow-plugin-test-doors',
  options: z.object({}).strict(),
  apply(host) {
    host.registerStep('doors.sync', {
      description: 'one Door Access asset with a Password-kind field',
      options: z.object({ code: z.string() }),
      async run(ctx, options) {
        const org = await ctx.resolveOrganization({ kind: 'name', value: 'Acme' });
        if (!org) throw new Error('no Acme');
        const type = await ctx.itglue.ensureFlexibleAssetType({
          name: 'Door Access',
          fields: [
            { name: 'Door', kind: 'Text', useForTitle: true, showInList: true, required: true },
            { name: 'Door Code', kind: 'Password' },
          ],
        });
        await ctx.itglue.upsert({
          sourceKey: 'door:front',
          resourceType: 'flexible_assets',
          organizationId: org.id,
          flexibleAssetTypeId: type.id,
          naturalKey: { name: 'Front door' },
          attributes: { traits: { door: 'Front door', 'door-code': options.code } },
        });
      },
    });
  },
});

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 1100)); // updated-at has second precision

async function sqliteHolds(engine: TestEngine, values: string[]): Promise<boolean[]> {
  await engine.runtime.close();
  const file = path.join(engine.home, 'default.sqlite');
  const bytes = Buffer.concat(
    await Promise.all(['', '-wal'].map((s) => fs.promises.readFile(file + s).catch(() => Buffer.alloc(0)))),
  );
  return values.map((value) => bytes.includes(Buffer.from(value)));
}

it('our own writes: the plan masks a Password-kind trait, events and state never hold it, a new value is one update', async () => {
  t = await createTestEngine({ plugins: [doorPlugin] });
  await t.client.organizations.create({ name: 'Acme' });
  await t.runStep('doors.sync', { code: DOOR_CODE }, { dryRun: true }); // plans the type: nothing learned yet
  const created = await t.runStep('doors.sync', { code: DOOR_CODE });
  expect(created.counts.created).toBe(1);
  const asset = (await t.admin.dump())['flexible-assets']![0]!;
  expect((asset.attributes.traits as Record<string, unknown>)['door-code']).toBe(DOOR_CODE); // IT Glue has it

  const rotated = 'Door-Code-9902-xy';
  const planned = await t.runStep('doors.sync', { code: rotated }, { dryRun: true });
  expect(planned.counts.updated).toBe(1);
  const plan = JSON.stringify(t.lastPlan);
  expect(plan).toContain('traits.door-code');
  expect(plan).toContain('[secret]');
  expect(plan).not.toContain(rotated);
  expect(plan).not.toContain(DOOR_CODE);
  expect((await t.runStep('doors.sync', { code: rotated })).counts.updated).toBe(1);
  expect((await t.runStep('doors.sync', { code: rotated })).counts.unchanged).toBe(1);

  const events = JSON.stringify(t.events);
  expect(t.eventsOf('flexible-asset:updated')).toHaveLength(1);
  expect(events).toContain('Front door');
  expect(events).not.toContain(DOOR_CODE);
  expect(events).not.toContain(rotated);
  expect(await sqliteHolds(t, [DOOR_CODE, rotated, 'Front door'])).toEqual([false, false, true]);
});

it('reads: cache refresh and watch leave Password-kind traits out, by kind and by name, with a fresh client', async () => {
  t = await createTestEngine({
    plugins: [doorPlugin],
    emulator: { generate: { organizations: 2, perOrganization: 2 } },
  });
  await t.client.organizations.create({ name: 'Acme' });
  await t.runStep('doors.sync', { code: DOOR_CODE });
  const dump = await t.admin.dump();
  const wireless = dump['flexible-assets']!.filter(
    (a) => (a.attributes.traits as Record<string, unknown>)['pre-shared-key'],
  );
  const psks = wireless.map((a) =>
    String((a.attributes.traits as Record<string, unknown>)['pre-shared-key']),
  );
  expect(psks.length).toBeGreaterThan(0);

  await t.restart(); // a new client that has learned nothing about these types
  await t.runtime.cache.refresh(['flexible-assets']);
  expect((await t.runtime.watch({ once: true, types: ['flexible-assets'] })).baselined).toEqual([
    'flexible-assets',
  ]);
  await tick();
  const door = dump['flexible-assets']!.find((a) => a.attributes.name === 'Front door')!;
  await t.admin.mutate('flexible-assets', door.id, {
    traits: { ...(door.attributes.traits as object), door: 'Front door (east)' },
  });
  await t.admin.mutate('flexible-assets', wireless[0]!.id, {
    traits: { ...(wireless[0]!.attributes.traits as object), vlan: 999 },
  });
  const report = await t.runtime.watch({ once: true, types: ['flexible-assets'] });
  expect(report.events.map((e) => e.hook)).toEqual(['flexible-asset:updated', 'flexible-asset:updated']);
  const updates = t.eventsOf('flexible-asset:updated');
  // The door's title changed too; the access point only its VLAN. Neither looks changed by a hidden trait.
  expect(updates.map((e) => [...(e as { changedFields: string[] }).changedFields].sort())).toEqual(
    expect.arrayContaining([['name', 'traits'], ['traits']]),
  );
  const events = JSON.stringify(t.events);
  expect(events).toContain('Front door (east)');
  for (const secret of [DOOR_CODE, ...psks]) expect(events).not.toContain(secret);
  const held = await sqliteHolds(t, [DOOR_CODE, ...psks, 'Front door (east)']);
  expect(held).toEqual([...psks.map(() => false), false, true]);
});
