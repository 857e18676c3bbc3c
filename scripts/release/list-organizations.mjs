// @glueflow/itglue on its own (the release rehearsal installs only it): its README's example, against
// `glueflow emulator` (ITGLUE_API_URL and ITGLUE_API_KEY point there), checking what came back.
import { createITGlueClient } from '@glueflow/itglue';

const itglue = await createITGlueClient();
const names = [];
for await (const org of itglue.organizations.list()) names.push(org.name);
await itglue.close();
if (!names.includes('Acme Corp')) throw new Error(`no Acme Corp among ${names.length} organizations`);
console.log(`${names.length} organizations, e.g. ${names.slice(0, 3).join(', ')}`);
