/** A plugin whose steps write an organization and a document: pipeline events for the webhook tests. */
import { definePlugin } from '@glueflow/core';
import { z } from 'zod';

export const writerPlugin = definePlugin({
  name: 'webhook-test-writer',
  apply(host) {
    host.registerStep('writer.organization', {
      description: 'upserts one organization',
      options: z.strictObject({ key: z.string(), name: z.string(), description: z.string().optional() }),
      async run(ctx, o) {
        await ctx.itglue.upsert({
          sourceKey: o.key,
          resourceType: 'organizations',
          naturalKey: { name: o.name },
          attributes: { name: o.name, ...(o.description ? { description: o.description } : {}) },
        });
      },
    });
    host.registerStep('writer.document', {
      description: 'upserts one document in an organization',
      options: z.strictObject({ organization: z.string(), title: z.string(), body: z.string() }),
      async run(ctx, o) {
        const org = await ctx.resolveOrganization({ kind: 'name', value: o.organization });
        if (!org) throw new Error(`no organization ${o.organization}`);
        await ctx.itglue.upsertDocument({
          sourceKey: `doc:${o.title}`,
          organizationId: org.id,
          name: o.title,
          sections: [{ kind: 'Text', content: `<p>${o.body}</p>` }],
        });
      },
    });
  },
});
