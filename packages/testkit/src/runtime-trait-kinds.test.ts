/**
 * Updating a flexible asset whose type has Tag and Upload fields, through the write gate: IT Glue
 * reads those traits in one shape and wants them written in another (tags as ids, uploads as
 * `{content, file_name}`), and its PATCH deletes every trait left out. The gate must merge by field
 * kind — the client's one trait merge — or the update is refused (a tag sent back in its read shape)
 * or a person's file is wiped.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { definePlugin } from '@glueflow/core';
import { z } from 'zod';
import { createTestEngine } from './index.js';
import type { TestEngine } from './index.js';

const FIELDS = [
  { name: 'Title', kind: 'Text', useForTitle: true, showInList: true, required: true },
  { name: 'Body', kind: 'Textbox' },
  { name: 'Owner', kind: 'Tag', tagType: 'Contacts' },
  { name: 'Diagram', kind: 'Upload' },
] as const;

const runbooks = definePlugin({
  name: 'glueflow-plugin-test-runbooks',
  options: z.object({}).strict(),
  apply(host) {
    host.registerStep('runbooks.write', {
      description: 'one runbook asset with a title and a body',
      options: z.object({ organization: z.string(), title: z.string(), body: z.string() }),
      async run(ctx, options) {
        const org = await ctx.resolveOrganization({ kind: 'name', value: options.organization });
        if (!org) throw new Error(`unknown organization ${options.organization}`);
        const type = await ctx.itglue.ensureFlexibleAssetType({ name: 'Runbook', fields: [...FIELDS] });
        await ctx.forEachItem(
          [options],
          (item) => `runbook:${item.title}`,
          async (item) => {
            await ctx.itglue.upsert({
              sourceKey: `runbook:${item.title}`,
              resourceType: 'flexible_assets',
              organizationId: org.id,
              flexibleAssetTypeId: type.id,
              naturalKey: { name: item.title },
              attributes: { traits: { title: item.title, body: item.body } },
            });
          },
        );
      },
    });
  },
});

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function setUp(): Promise<{ engine: TestEngine; assetId: string; contactId: string }> {
  const engine = (t = await createTestEngine({ plugins: [runbooks] }));
  const org = await engine.client.organizations.create({ name: 'Acme' });
  const contact = await engine.client.contacts.create({
    organizationId: org.id,
    firstName: 'Ada',
    lastName: 'Byron',
  });
  const first = await engine.runStep('runbooks.write', {
    organization: 'Acme',
    title: 'Backups',
    body: 'v1',
  });
  expect(first.counts).toMatchObject({ created: 1, failed: 0 });
  const [asset] = (await engine.admin.dump())['flexible-assets']!;
  return { engine, assetId: String(asset!.id), contactId: contact.id };
}

describe('flexible asset traits of every kind survive an update through the gate', () => {
  it('a Tag trait a person set is written back as ids and kept', async () => {
    const { engine, assetId, contactId } = await setUp();
    // A person tags the runbook's owner in IT Glue.
    await engine.client.flexibleAssets.updateTraits(assetId, { owner: [contactId] });

    const second = await engine.runStep('runbooks.write', {
      organization: 'Acme',
      title: 'Backups',
      body: 'v2',
    });
    expect(second.messages).toEqual([]);
    expect(second.counts).toMatchObject({ updated: 1, failed: 0 });
    const after = await engine.client.flexibleAssets.get(assetId);
    expect(after?.traits).toMatchObject({ body: 'v2', owner: { values: [{ id: Number(contactId) }] } });
  });

  it('an Upload trait a person attached is never wiped silently: the item fails and says why', async () => {
    const { engine, assetId } = await setUp();
    const diagram = { content: Buffer.from('PNG-ish').toString('base64'), file_name: 'net.png' };
    await engine.client.flexibleAssets.updateTraits(assetId, { diagram });

    const second = await engine.runStep('runbooks.write', {
      organization: 'Acme',
      title: 'Backups',
      body: 'v2',
    });
    expect(second.counts).toMatchObject({ updated: 0, failed: 1 });
    expect(second.messages.map((m) => m.reason).join('\n')).toMatch(/Upload trait diagram would be wiped/);
    const after = await engine.client.flexibleAssets.get(assetId);
    expect(after?.traits).toMatchObject({ body: 'v1', diagram: { 'file-name': 'net.png' } });
  });
});
