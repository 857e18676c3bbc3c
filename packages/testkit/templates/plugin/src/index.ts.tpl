/**
 * {{packageName}}: a Glueflow plugin.
 *
 * It contributes one pipeline step, `{{shortName}}.upsert-contacts` (people from your system become
 * contacts of one IT Glue organization, with no duplicates on re-runs), and one hook tap that logs every
 * organization change a pipeline or `glueflow watch` announces. Replace both with your own work and keep
 * the shape: one options schema, steps registered and hooks tapped in `apply`, no work at import time.
 */
import { definePlugin } from '@glueflow/core';
import { z } from 'zod';

export const PLUGIN_NAME = '{{packageName}}';
export const UPSERT_CONTACTS = '{{shortName}}.upsert-contacts';

/** Plugin options: the `[{{configName}}, { … }]` entry in a config. A description and a default on every key. */
export const optionsSchema = z.strictObject({
  organization: z
    .string()
    .min(1)
    .optional()
    .describe('IT Glue organization (by name) the step writes to when its `with:` names none; default none'),
  logOrganizationUpdates: z
    .boolean()
    .default(true)
    .describe('Log every organization change a pipeline or `glueflow watch` announces; default true'),
});

const contactSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .describe('Your system’s id for the person: the source key that makes re-runs update, never duplicate'),
  firstName: z.string().min(1).describe('First name (IT Glue requires one)'),
  lastName: z.string().optional().describe('Last name'),
  title: z.string().optional().describe('Job title'),
});

/** The step's `with:` options. A key left out falls back to the plugin option of the same name. */
export const upsertContactsSchema = z.strictObject({
  organization: z
    .string()
    .min(1)
    .optional()
    .describe('IT Glue organization (by name); default: the plugin option `organization`'),
  contacts: z.array(contactSchema).describe('The people to write'),
});

export const plugin = definePlugin({
  name: PLUGIN_NAME,
  description: 'Writes people as IT Glue contacts; logs organization changes',
  options: optionsSchema,
  apply(host, options) {
    host.registerStep(UPSERT_CONTACTS, {
      description: 'Writes the given people as contacts of one IT Glue organization (no duplicates on re-runs)',
      options: upsertContactsSchema,
      async run(ctx, step) {
        const organizationName = step.organization ?? options.organization;
        if (!organizationName) {
          // A problem with the whole step's input: one error message failing every contact (`items`),
          // and the run goes on with the next step. Throwing would fail the step the same way, but
          // without the code and hint.
          ctx.report({
            severity: 'error',
            items: step.contacts.length,
            code: 'E{{errorPrefix}}_NO_ORGANIZATION',
            reason: 'no organization to write the contacts to',
            hint: `set \`organization\` on the plugin entry or in the step's \`with:\``,
          });
          return;
        }
        const organization = await ctx.resolveOrganization({ kind: 'name', value: organizationName });
        if (!organization) {
          ctx.report({
            severity: 'error',
            items: step.contacts.length,
            code: 'E{{errorPrefix}}_UNKNOWN_ORGANIZATION',
            reason: `no IT Glue organization named "${organizationName}"`,
            item: organizationName,
            hint: 'create it in IT Glue or fix the name (`glueflow cache search <name>` lists close matches)',
          });
          return;
        }
        // One item at a time as far as the run is concerned: a failing contact is reported with its id
        // and the others still get written. The engine bounds the concurrency to the rate budget.
        await ctx.forEachItem(
          step.contacts,
          (contact) => contact.id,
          async (contact) => {
            await ctx.itglue.upsert({
              sourceKey: `contact:${contact.id}`,
              resourceType: 'contacts',
              organizationId: organization.id,
              naturalKey: { name: [contact.firstName, contact.lastName].filter(Boolean).join(' ') },
              attributes: {
                firstName: contact.firstName,
                ...(contact.lastName ? { lastName: contact.lastName } : {}),
                ...(contact.title ? { title: contact.title } : {}),
              },
            });
          },
        );
      },
    });

    if (options.logOrganizationUpdates) {
      host.hooks.onOrganizationUpdated.tap(PLUGIN_NAME, (event) => {
        host.logger.info('organization updated', {
          organizationId: event.recordId,
          name: event.after.name ?? null,
          changedFields: event.changedFields,
          source: event.source,
        });
      });
    }
  },
});

export default plugin;
