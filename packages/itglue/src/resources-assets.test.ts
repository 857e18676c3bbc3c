/** Passwords (values only on request) and flexible assets (type required, trait-safe updates). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isGlueflowError } from './errors/index.js';
import { collect, startHarness } from './__fixtures__/harness.js';
import type { Harness } from './__fixtures__/harness.js';
import type { ITGlueClient } from './itglue-client.js';

let h: Harness;
let client: ITGlueClient;
let orgId: string;
const paths: string[] = [];
beforeAll(async () => {
  h = await startHarness({ generate: { organizations: 1, perOrganization: 1 } });
  client = await h.client({ hooks: { onRequest: (e) => paths.push(`${e.method} ${e.path}`) } });
  orgId = (await h.emulator.admin.dump()).organizations![0]!.id;
});
afterAll(async () => h.close());

describe('passwords', () => {
  it('lists and get() never carry the value; getWithValue() does, with show_password=true', async () => {
    const created = await client.passwords.create({
      organizationId: orgId,
      name: 'Domain admin',
      username: 'admin',
      password: 'S3cret-Value!',
    });
    expect(created).toMatchObject({ name: 'Domain admin', username: 'admin' });
    expect('password' in created).toBe(false);
    const listed = await collect(
      client.passwords.list({ organizationId: orgId, query: { show_password: 'true' } }),
    );
    expect(listed.length).toBeGreaterThan(0);
    for (const record of listed) expect('password' in record).toBe(false);
    paths.length = 0;
    const metadata = await client.passwords.get(created.id);
    expect(metadata?.name).toBe('Domain admin');
    expect(metadata && 'password' in metadata).toBe(false);
    expect(paths[0]).toContain('show_password=false');
    const withValue = await client.passwords.getWithValue(created.id);
    expect(withValue?.password).toBe('S3cret-Value!');
    expect(paths[1]).toContain('show_password=true');
  });

  it('update (value and metadata), bulk update, delete and bulk delete', async () => {
    const a = await client.passwords.create({ organizationId: orgId, name: 'A', password: 'one' });
    const b = await client.passwords.create({ organizationId: orgId, name: 'B', password: 'two' });
    const before = (await client.passwords.get(a.id))!.passwordUpdatedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await client.passwords.update(a.id, { password: 'three', notes: 'rotated' });
    const after = await client.passwords.getWithValue(a.id);
    expect(after).toMatchObject({ password: 'three', notes: 'rotated' });
    expect(after!.passwordUpdatedAt).not.toBe(before);
    expect(
      (
        await client.passwords.bulkUpdate([
          { id: a.id, archived: true },
          { id: b.id, archived: true },
        ])
      ).every((p) => p.archived),
    ).toBe(true);
    await client.passwords.delete(a.id);
    expect(await client.passwords.get(a.id)).toBeNull();
    expect(await client.passwords.bulkDelete([b.id])).toBe(1);
  });
});

describe('flexible assets', () => {
  let typeId: string;
  let serverId: string;
  beforeAll(async () => {
    const type = await client.flexibleAssetTypes.create({ name: 'Patch Runbook', description: 'How to' });
    typeId = type.id;
    await client.flexibleAssetFields.create(typeId, {
      name: 'Title',
      kind: 'Text',
      required: true,
      useForTitle: true,
      showInList: true,
    });
    await client.flexibleAssetFields.create(typeId, {
      name: 'Tier',
      kind: 'Select',
      defaultValue: 'Gold\nSilver',
    });
    await client.flexibleAssetFields.create(typeId, {
      name: 'Servers',
      kind: 'Tag',
      tagType: 'Configurations',
    });
    await client.flexibleAssetFields.create(typeId, { name: 'Steps', kind: 'Textbox' });
    await client.flexibleAssetFields.create(typeId, { name: 'Details', kind: 'Header' });
    await client.flexibleAssetFields.create(typeId, { name: 'Diagram', kind: 'Upload' });
    serverId = (await collect(client.configurations.list({ organizationId: orgId })))[0]!.id;
  });

  it('listing needs a type: asked for before any request, then sent as filter[flexible-asset-type-id]', async () => {
    paths.length = 0;
    expect(() => client.flexibleAssets.list({} as never)).toThrow(
      expect.objectContaining({ code: 'EITGLUE_INVALID_ARGUMENT' }),
    );
    expect(paths).toEqual([]);
    await client.flexibleAssets.create({
      organizationId: orgId,
      flexibleAssetTypeId: typeId,
      traits: { title: 'Listed' },
    });
    const assets = await collect(
      client.flexibleAssets.list({ flexibleAssetTypeId: typeId, organizationId: orgId }),
    );
    expect(assets.map((a) => a.name)).toEqual(['Listed']);
    expect(paths.at(-1)).toContain(`filter[flexible-asset-type-id]=${typeId}`);
    expect(paths.at(-1)).toContain(`filter[organization-id]=${orgId}`);
  });

  it('updateTraits changes one trait and keeps the rest (tags re-sent as ids); replaceTraits shows why', async () => {
    const asset = await client.flexibleAssets.create({
      organizationId: orgId,
      flexibleAssetTypeId: typeId,
      traits: { title: 'Patch night', tier: 'Gold', servers: [serverId], steps: '<p>1. reboot</p>' },
    });
    expect(asset.traits?.servers).toMatchObject({ values: [{ id: Number(serverId) }] });
    const updated = await client.flexibleAssets.updateTraits(asset.id, { tier: 'Silver' });
    expect(updated.traits).toMatchObject({ title: 'Patch night', tier: 'Silver', steps: '<p>1. reboot</p>' });
    expect(updated.traits?.servers).toMatchObject({ values: [{ id: Number(serverId) }] });
    // Snake keys are accepted and sent as the field's name-key; null clears.
    const cleared = await client.flexibleAssets.updateTraits(asset.id, { steps: null, tier: 'Gold' });
    expect(cleared.traits).not.toHaveProperty('steps');
    expect(cleared.traits).toMatchObject({ title: 'Patch night', tier: 'Gold' });
    const replaced = await client.flexibleAssets.replaceTraits(asset.id, { title: 'Patch night' });
    expect(replaced.traits).toEqual({ title: 'Patch night' });
  });

  it('unknown trait keys are refused before sending, listing the valid keys', async () => {
    const asset = await client.flexibleAssets.create({
      organizationId: orgId,
      flexibleAssetTypeId: typeId,
      traits: { title: 'Keys' },
    });
    paths.length = 0;
    const error = await client.flexibleAssets
      .updateTraits(asset.id, { titel: 'typo', tier: 'Gold' })
      .catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_INVALID_TRAITS')).toBe(true);
    expect((error as Error).message).toBe('unknown trait key for flexible asset type Patch Runbook: titel');
    expect((error as Error & { hint: string }).hint).toMatch(/title, tier, servers, steps, diagram/);
    expect(paths.filter((p) => p.startsWith('PATCH'))).toEqual([]);
  });

  it('an uploaded file that cannot be re-sent is not silently wiped', async () => {
    const asset = await client.flexibleAssets.create({
      organizationId: orgId,
      flexibleAssetTypeId: typeId,
      traits: {
        title: 'With file',
        diagram: { content: Buffer.from('png').toString('base64'), file_name: 'net.png' },
      },
    });
    const error = await client.flexibleAssets
      .updateTraits(asset.id, { tier: 'Gold' })
      .catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toMatch(/Upload trait diagram would be wiped/);
    const resent = await client.flexibleAssets.updateTraits(asset.id, {
      tier: 'Gold',
      diagram: { content: Buffer.from('png2').toString('base64'), file_name: 'net2.png' },
    });
    expect(resent.traits?.diagram).toMatchObject({ 'file-name': 'net2.png' });
    const dropped = await client.flexibleAssets.updateTraits(
      asset.id,
      { tier: 'Silver' },
      { uploads: 'drop' },
    );
    expect(dropped.traits).not.toHaveProperty('diagram');
  });

  it('update() refuses traits; types and fields have their CRUD; assets their bulk verbs', async () => {
    const asset = await client.flexibleAssets.create({
      organizationId: orgId,
      flexibleAssetTypeId: typeId,
      traits: { title: 'Bulk' },
    });
    expect(() => client.flexibleAssets.update(asset.id, { traits: {} } as never)).toThrow(/updateTraits/);
    expect((await client.flexibleAssets.update(asset.id, { archived: true })).archived).toBe(true);
    expect((await client.flexibleAssetTypes.update(typeId, { icon: 'book' })).icon).toBe('book');
    expect((await client.flexibleAssetTypes.get(typeId))?.name).toBe('Patch Runbook');
    const fields = await collect(client.flexibleAssetFields.list(typeId));
    expect(fields.map((f) => f.nameKey)).toEqual(['title', 'tier', 'servers', 'steps', 'details', 'diagram']);
    const extra = await client.flexibleAssetFields.create(typeId, { name: 'Owner', kind: 'Text' });
    expect((await client.flexibleAssetFields.update(extra.id, { hint: 'who' })).hint).toBe('who');
    await client.flexibleAssetFields.delete(extra.id);
    expect(await client.flexibleAssetFields.get(extra.id)).toBeNull();
    const second = await client.flexibleAssets.createMany(orgId, [
      { flexibleAssetTypeId: typeId, traits: { title: 'Two' } },
    ]);
    await client.flexibleAssets.bulkUpdate([{ id: second[0]!.id, restricted: true }]);
    expect((await client.flexibleAssets.get(second[0]!.id))?.restricted).toBe(true);
    expect(await client.flexibleAssets.bulkDelete([second[0]!.id])).toBe(1);
    await client.flexibleAssets.delete(asset.id);
    expect(await client.flexibleAssets.get(asset.id)).toBeNull();
  });
});
