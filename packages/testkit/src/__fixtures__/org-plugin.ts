/** A small plugin for the runtime's end-to-end tests: upserts organizations (and their documents/passwords). */
import { definePlugin } from '@glueflow/core';
import { z } from 'zod';

const company = z.object({ key: z.string(), name: z.string(), description: z.string().optional() });

export const orgPlugin = definePlugin({
  name: 'glueflow-plugin-test-orgs',
  options: z.object({}).strict(),
  apply(host) {
    host.registerStep('orgs.sync', {
      description: 'upserts the organizations given in `companies`',
      options: z.object({ companies: z.array(company).describe('organizations to write') }),
      async run(ctx, options) {
        await ctx.forEachItem(
          options.companies,
          (c) => c.key,
          async (c) => {
            await ctx.itglue.upsert({
              sourceKey: c.key,
              resourceType: 'organizations',
              naturalKey: { name: c.name },
              attributes: { name: c.name, ...(c.description ? { description: c.description } : {}) },
            });
          },
        );
      },
    });
    host.registerStep('orgs.password', {
      description: 'stores a password read from a secret reference in an organization',
      options: z.object({
        organization: z.string(),
        name: z.string(),
        value: z.object({ env: z.string() }),
      }),
      async run(ctx, options) {
        const org = await ctx.resolveOrganization({ kind: 'name', value: options.organization });
        if (!org) throw new Error(`unknown organization ${options.organization}`);
        await ctx.itglue.upsert({
          sourceKey: `password:${options.name}`,
          resourceType: 'passwords',
          organizationId: org.id,
          naturalKey: { name: options.name },
          attributes: { name: options.name, username: 'admin', password: ctx.secret(options.value) },
        });
      },
    });
    host.registerStep('orgs.runbook', {
      description: 'a flexible asset type, an asset with an attachment, and a document, in one organization',
      options: z.object({ organization: z.string(), title: z.string(), body: z.string() }),
      async run(ctx, options) {
        const org = await ctx.resolveOrganization({ kind: 'name', value: options.organization });
        if (!org) {
          ctx.report({ severity: 'error', reason: `unknown organization ${options.organization}` });
          return;
        }
        const type = await ctx.itglue.ensureFlexibleAssetType({
          name: 'Runbook',
          fields: [
            { name: 'Title', kind: 'Text', useForTitle: true, showInList: true, required: true },
            { name: 'Body', kind: 'Textbox' },
          ],
        });
        const asset = await ctx.itglue.upsert({
          sourceKey: `asset:${options.title}`,
          resourceType: 'flexible_assets',
          organizationId: org.id,
          flexibleAssetTypeId: type.id,
          naturalKey: { name: options.title },
          attributes: { traits: { title: options.title, body: options.body } },
          documentSource: true,
        });
        if (asset.id) {
          await ctx.itglue.attach({
            resourceType: 'flexible_assets',
            resourceId: asset.id,
            fileName: 'notes.txt',
            content: Buffer.from(`notes for ${options.title}`),
          });
        }
        await ctx.itglue.upsertDocument({
          sourceKey: `doc:${options.title}`,
          organizationId: org.id,
          name: options.title,
          sections: [
            { kind: 'Heading', content: options.title, level: 1 },
            { kind: 'Text', content: `<p>${options.body}</p>` },
          ],
        });
      },
    });
    host.registerStep('orgs.assets', {
      description: 'flexible assets of one type in one organization, one per `items` entry',
      options: z.object({
        organization: z.string(),
        items: z.array(z.object({ key: z.string(), name: z.string() })),
      }),
      async run(ctx, options) {
        const org = await ctx.resolveOrganization({ kind: 'name', value: options.organization });
        if (!org) throw new Error(`unknown organization ${options.organization}`);
        const type = await ctx.itglue.ensureFlexibleAssetType({
          name: 'Inventory Item',
          fields: [{ name: 'Name', kind: 'Text', useForTitle: true, showInList: true, required: true }],
        });
        await ctx.forEachItem(
          options.items,
          (item) => item.key,
          async (item) => {
            await ctx.itglue.upsert({
              sourceKey: item.key,
              resourceType: 'flexible_assets',
              organizationId: org.id,
              flexibleAssetTypeId: type.id,
              naturalKey: { name: item.name },
              attributes: { traits: { name: item.name } },
            });
          },
        );
      },
    });
  },
});
