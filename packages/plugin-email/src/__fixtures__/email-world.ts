/** The IT Glue world the corpus expectations assume: four clients, their contacts, routing options. */
import { fileURLToPath } from 'node:url';
import { createTestEngine } from '@glueflow/testkit';
import type { GlueflowPlugin } from '@glueflow/core';
import type { TestEngine, TestStep } from '@glueflow/testkit';
import { emailPlugin } from '../plugin.js';

export const FIXTURES = fileURLToPath(new URL('.', import.meta.url));

export const PLUGIN_OPTIONS = { organizationDomains: { Initech: ['initech.example'] } };

export const ROUTE = { map: { 'acme.example': 'Acme Corp', 'ceo@partner.example': 'Globex' } };

export interface World {
  t: TestEngine;
  orgs: Record<string, string>;
}

export async function emailWorld(
  options: {
    env?: Record<string, string>;
    pluginOptions?: Record<string, unknown>;
    /** The plugin under test (default emailPlugin; push tests inject a clock). */
    plugin?: GlueflowPlugin;
    pipelines?: Record<string, TestStep[]>;
  } = {},
): Promise<World> {
  const t = await createTestEngine({
    plugins: [[options.plugin ?? emailPlugin, { ...PLUGIN_OPTIONS, ...options.pluginOptions }]],
    ...(options.pipelines ? { pipelines: options.pipelines } : {}),
    baseDir: FIXTURES,
    ...(options.env ? { env: options.env } : {}),
    logLevel: 'info',
  });
  const orgs: Record<string, string> = {};
  for (const name of ['Acme Corp', 'Globex', 'Initech', 'Umbrella', 'Shared One', 'Shared Two']) {
    orgs[name] = String((await t.client.organizations.create({ name })).id);
  }
  const contact = async (org: string, first: string, email: string) =>
    t.client.contacts.create({
      organizationId: orgs[org]!,
      firstName: first,
      lastName: 'Contact',
      contactEmails: [{ value: email, primary: true, labelName: 'Work' }],
    });
  await contact('Globex', 'Olga', 'ops.lead@globex.example');
  await contact('Globex', 'Gina', 'gina.private@gmail.com'); // a consumer domain never routes
  await contact('Umbrella', 'Mary', 'mary.major@outlook.com'); // …but the exact address does
  await contact('Shared One', 'Sam', 'sam@shared.example');
  await contact('Shared Two', 'Sue', 'sue@shared.example'); // shared.example: two organizations, no route
  t.admin.resetStats();
  return { t, orgs };
}

interface DumpRecord {
  id: string;
  attributes: Record<string, unknown>;
}

/** Flexible assets and attachments as IT Glue holds them, for assertions. */
export async function emailRecords(t: TestEngine) {
  const dump = (await t.admin.dump()) as Record<string, DumpRecord[] | undefined>;
  const assets = dump['flexible-assets'] ?? [];
  const attachments = dump['attachments'] ?? [];
  const documents = dump['documents'] ?? [];
  const filesOf = (type: string, id: string) =>
    attachments
      .filter(
        (a) =>
          String(a.attributes['resource-id']) === id && String(a.attributes['resource-type']).includes(type),
      )
      .map((a) => String(a.attributes['attachment-file-name'] ?? a.attributes.name))
      .sort();
  return { assets, attachments, documents, filesOf };
}
