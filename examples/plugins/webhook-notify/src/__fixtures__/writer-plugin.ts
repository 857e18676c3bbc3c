/** A plugin whose steps write an organization and a document: pipeline events for the webhook tests. */
import { definePlugin } from '@glueflow/core';
import { z } from 'zod';

export const writerPlugin = definePlugin({
  name: 'webhook-test-writer',
  apply(host) {
    host.registerStep('writer.organization', {
      description: 'upserts one organization',
      options: z.strictObject({ key: z.string(), name: z.string(), description: z.string().optional() }),
      async run(ctx, options) {
        await ctx.itglue.upsert({
          sourceKey: options.key,
          resourceType: 'organizations',
          naturalKey: { name: options.name },
          attributes: {
            name: options.name,
            ...(options.description ? { description: options.description } : {}),
          },
        });
      },
    });
    host.registerStep('writer.document', {
      description: 'upserts one document in an organization',
      options: z.strictObject({ organization: z.string(), title: z.string(), body: z.string() }),
      async run(ctx, options) {
        const org = await ctx.resolveOrganization({ kind: 'name', value: options.organization });
        if (!org) throw new Error(`no organization ${options.organization}`);
        await ctx.itglue.upsertDocument({
          sourceKey: `doc:${options.title}`,
          organizationId: org.id,
          name: options.title,
          sections: [{ kind: 'Text', content: `<p>${options.body}</p>` }],
        });
      },
    });
  },
});
