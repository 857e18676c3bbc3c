/**
 * @glueflow/plugin-psa: PSA companies → IT Glue organizations, and contacts → contacts. The options on
 * the plugin entry are the defaults of every PSA step; a step's `with:` overrides them key by key
 * (see sync/options.ts). Providers come from a registry third parties extend through `getPsaHooks`.
 * Under `glueflow serve`, HubSpot webhooks and ConnectWise callbacks sync just the changed companies (push/).
 */
import { definePlugin, onDeletedOption } from '@glueflow/core';
import { z } from 'zod';
import { syncContacts } from './contacts/sync-contacts.js';
import { psaError } from './errors.js';
import { openProvider } from './provider/open-provider.js';
import { providerRegistry } from './provider/registry.js';
import {
  mergeOptions,
  pluginOptionsSchema,
  resolveSyncOptions,
  syncShape,
  syncStepSchema,
} from './sync/options.js';
import { syncOrganizations } from './sync/sync-organizations.js';
import { connectwiseRoute } from './push/connectwise-receiver.js';
import { hubspotRoute } from './push/hubspot-receiver.js';
import { checkPushSetup, ORG_SYNC_STEP } from './push/push-targets.js';

export const PLUGIN_NAME = '@glueflow/plugin-psa';

const contactsStepSchema = z.strictObject({
  provider: syncShape.provider,
  connection: syncShape.connection,
  source: syncShape.source,
  createMissing: z
    .boolean()
    .optional()
    .describe('Create IT Glue contacts for unmatched PSA contacts (default true)'),
  updateExisting: syncShape.updateExisting,
  full: syncShape.full,
  onDeleted: onDeletedOption,
});

export const psaPlugin = definePlugin({
  name: PLUGIN_NAME,
  description: 'Sync PSA companies (ConnectWise, Autotask, HaloPSA, HubSpot, CSV) into IT Glue organizations',
  options: pluginOptionsSchema,
  apply(host, defaults) {
    host.registerStep(ORG_SYNC_STEP, {
      description: 'PSA companies → IT Glue organizations (matching, review file, incremental)',
      options: syncStepSchema,
      async run(ctx, stepOptions) {
        const options = required(resolveSyncOptions(mergeOptions(defaults, stepOptions)));
        const opened = openProvider(ctx, providerRegistry(host), options.provider, options.connection);
        await syncOrganizations({ ctx, options, ...opened });
      },
    });
    host.registerStep('psa.sync-contacts', {
      description: 'PSA contacts → IT Glue contacts of the synced organizations, matched by e-mail',
      options: contactsStepSchema,
      async run(ctx, stepOptions) {
        const resolved = required(resolveSyncOptions(mergeOptions(defaults, stepOptions)));
        const opened = openProvider(ctx, providerRegistry(host), resolved.provider, resolved.connection);
        await syncContacts({ ctx, options: resolved, ...opened });
      },
    });
    // Push under glueflow serve (ignored by glueflow run): webhooks trigger targeted runs of the sync.
    host.route(hubspotRoute(host, defaults));
    host.route(connectwiseRoute(host, defaults));
    host.service({ name: 'psa-push', start: (serve) => checkPushSetup(host, defaults, serve) });
  },
});

function required<T extends object>(resolved: T | { missing: string }): T {
  if (!('missing' in resolved)) return resolved;
  throw psaError(
    'EPSA_CONFIG',
    `no ${resolved.missing} for the PSA step`,
    `set ${resolved.missing} on the plugin entry ([psa, { ${resolved.missing}: … }]) or in the step's with:`,
    { where: resolved.missing },
  );
}
