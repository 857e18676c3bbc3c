/**
 * @glueflow/plugin-email: files mail and its attachments under the right IT Glue organization.
 * `apply` only registers the step and taps the organization strategies; nothing runs at import time.
 */
import { definePlugin } from '@glueflow/core';
import { pluginOptionsSchema } from './options.js';
import { STRATEGY_NAME, tapOrganizationStrategies } from './routing/organization-strategies.js';
import { importStep } from './step/import-step.js';

export const emailPlugin = definePlugin({
  name: STRATEGY_NAME,
  description: 'Import mail and attachments (directory, IMAP, Microsoft Graph) into IT Glue.',
  options: pluginOptionsSchema,
  apply(host, options) {
    const strategies = tapOrganizationStrategies(host, options);
    host.registerStep('email.import', importStep(options, strategies));
  },
});
