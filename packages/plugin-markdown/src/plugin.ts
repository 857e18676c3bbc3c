/** `@glueflow/plugin-markdown`: registers `markdown.import`; plugin options are defaults for its steps. */
import { definePlugin } from '@glueflow/core';
import { importStep } from './import/import-step.js';
import { pluginOptionsSchema } from './import/options.js';

export const PLUGIN_NAME = '@glueflow/plugin-markdown';

export const markdownPlugin = definePlugin({
  name: PLUGIN_NAME,
  description: 'Import markdown files (runbooks, SOPs) into IT Glue as flexible assets or documents',
  options: pluginOptionsSchema,
  apply(host, options) {
    // Parsed again: a host that hands over raw options still gets the defaults.
    host.registerStep('markdown.import', importStep(pluginOptionsSchema.parse(options ?? {})));
  },
});
