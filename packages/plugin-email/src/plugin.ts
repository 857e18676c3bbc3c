/**
 * @glueflow/plugin-email: files mail and its attachments under the right IT Glue organization.
 * `apply` only registers the step, taps the organization strategies and declares the Graph push
 * receivers and subscription service (used only under `glueflow serve`); nothing runs at import time.
 */
import { definePlugin } from '@glueflow/core';
import { pluginOptionsSchema } from './options.js';
import { graphRoutes } from './push/graph-receiver.js';
import { GraphSubscriptions } from './push/graph-subscriptions.js';
import { systemClock } from './push/push-clock.js';
import type { PushClock } from './push/push-clock.js';
import { STRATEGY_NAME, tapOrganizationStrategies } from './routing/organization-strategies.js';
import { importStep } from './step/import-step.js';

/** The plugin with an injected clock (tests drive subscription renewals with it). */
export function createEmailPlugin(inject: { clock?: PushClock } = {}) {
  return definePlugin({
    name: STRATEGY_NAME,
    description: 'Import mail and attachments (directory, IMAP, Microsoft Graph) into IT Glue.',
    options: pluginOptionsSchema,
    apply(host, options) {
      const strategies = tapOrganizationStrategies(host, options);
      host.registerStep('email.import', importStep(options, strategies));
      const clock = inject.clock ?? systemClock;
      const subscriptions = new GraphSubscriptions({ host, pluginOptions: options, clock });
      for (const route of graphRoutes(subscriptions, clock)) host.route(route);
      host.service({ name: 'graph-subscriptions', start: (serve) => subscriptions.start(serve) });
    },
  });
}

export const emailPlugin = createEmailPlugin();
