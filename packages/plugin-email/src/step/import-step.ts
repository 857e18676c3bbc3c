/** The `email.import` step: a source's messages → routed IT Glue records with their attachments. */
import type { AsyncLocalStorage } from 'node:async_hooks';
import type { StepContext, StepDefinition } from '@glueflow/core';
import { emailError } from '../errors.js';
import type { PluginOptions } from '../options.js';
import { mergeOptions, stepOptionsSchema } from '../options.js';
import { emailAssetTypeSpec, traitKeys } from '../output/email-asset-type.js';
import { buildContactDomainIndex } from '../routing/contact-domains.js';
import type { ContactDomainIndex } from '../routing/contact-domains.js';
import type { StrategyContext } from '../routing/organization-strategies.js';
import type { RoutingRules } from '../routing/route-message.js';
import { createMessageParser } from '../parse/parser-pool.js';
import { listDirectoryFiles } from '../sources/directory-source.js';
import { createSource } from './create-source.js';
import { importMessage } from './import-message.js';
import { MessageIdentities } from './message-identities.js';
import type { RecordTarget } from './write-message.js';

export function importStep(
  pluginOptions: PluginOptions,
  strategies: AsyncLocalStorage<StrategyContext>,
): StepDefinition<typeof stepOptionsSchema> {
  return {
    description: 'Import mail (directory, IMAP or Microsoft Graph) and its attachments into IT Glue',
    options: stepOptionsSchema,
    /**
     * A directory source lists its files, so `glueflow worker`s can share a run in batches of files
     * (parsing is the CPU-heavy part). IMAP and Graph keep their own place (UIDs, delta links) and
     * are not split.
     */
    async listItems(ctx, stepOptions) {
      const source = mergeOptions(pluginOptions, stepOptions).source;
      if (source?.type !== 'directory') return undefined;
      return listDirectoryFiles({
        path: source.path,
        recursive: source.recursive,
        baseDir: ctx.baseDir,
        maxMessageBytes: 0,
      });
    },
    async run(ctx, stepOptions) {
      const options = mergeOptions(pluginOptions, stepOptions);
      if (!options.source) throw emailError('EEMAIL_SOURCE_MISSING', {});
      let contacts: Promise<ContactDomainIndex> | undefined;
      const context: StrategyContext = {
        organizationByName: (name) => organizationByName(ctx, name),
        contacts: () => (contacts ??= buildContactDomainIndex(ctx.itglue.read.contacts.list())),
      };
      await strategies.run(context, async () => {
        // Configuration problems fail the step before any message is read or written.
        const rules = await routingRules(ctx, options.route);
        const target = await recordTarget(ctx, options.target, options.flexibleAssetType);
        const source = createSource(ctx, options.source!, options.maxMessageBytes);
        const parser = createMessageParser();
        const settings = {
          parser,
          rules,
          resolve: ctx.resolveOrganization.bind(ctx),
          target,
          policy: options,
          seen: new Map<string, string>(),
          identities: new MessageIdentities(ctx.state, ctx.dryRun),
        };
        let done = 0;
        try {
          await ctx.forEachItem(
            source.messages(ctx.signal),
            (message) => message.where,
            async (message) => {
              try {
                source.settle(message, await importMessage(ctx, message, settings));
              } catch (error) {
                source.settle(message, 'retry');
                throw error;
              } finally {
                ctx.progress(++done);
              }
            },
          );
          if (!ctx.dryRun) await source.commit();
        } finally {
          await source.close();
          await parser.close();
        }
      });
    },
  };
}

async function organizationByName(ctx: StepContext, name: string) {
  const found = await ctx.resolveOrganization({ kind: 'name', value: name });
  return found ? { id: found.id, ...(found.name ? { name: found.name } : {}) } : undefined;
}

async function routingRules(
  ctx: StepContext,
  route: ReturnType<typeof mergeOptions>['route'],
): Promise<RoutingRules> {
  const map = new Map<string, { id: string; name?: string }>();
  for (const [key, name] of Object.entries(route.map)) {
    const org = await organizationByName(ctx, name);
    if (!org) throw emailError('EEMAIL_ROUTE_ORGANIZATION', { name, setting: `route.map["${key}"]` });
    map.set(key.trim().toLowerCase().replace(/^@/, ''), org);
  }
  let defaultOrganization: { id: string; name?: string } | undefined;
  if (route.defaultOrganization) {
    defaultOrganization = await organizationByName(ctx, route.defaultOrganization);
    if (!defaultOrganization)
      throw emailError('EEMAIL_ROUTE_ORGANIZATION', {
        name: route.defaultOrganization,
        setting: 'route.defaultOrganization',
      });
  }
  return { map, subjectTag: route.subjectTag, ...(defaultOrganization ? { defaultOrganization } : {}) };
}

async function recordTarget(ctx: StepContext, target: string, typeName: string): Promise<RecordTarget> {
  if (target === 'document') return { kind: 'document' };
  const type = await ctx.itglue.ensureFlexibleAssetType(emailAssetTypeSpec(typeName));
  return { kind: 'flexible-asset', typeId: type.id, keys: traitKeys(type) };
}
