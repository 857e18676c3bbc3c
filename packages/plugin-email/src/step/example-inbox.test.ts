/** The demo inbox in examples/email files as its README says (same options as its glueflow.config.yaml). */
import path from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import { emailRecords, emailWorld, FIXTURES } from '../__fixtures__/email-world.js';
import type { World } from '../__fixtures__/email-world.js';

let world: World | undefined;
afterAll(async () => world?.t.close());

it('examples/email/inbox: five records with their files, the newsletter skipped, a re-run is a no-op', async () => {
  world = await emailWorld();
  const options = {
    source: { type: 'directory', path: path.resolve(FIXTURES, '../../../../examples/email/inbox') },
    route: { map: { 'acme.example': 'Acme Corp' }, subjectTag: 'Org' },
    allowTypes: ['application/pdf', 'text/*', 'image/*', '.lic', '.crt', '.csv'],
  };
  const first = await world.t.runStep('email.import', options);
  expect(first.counts).toMatchObject({ created: 5, skipped: 1, failed: 0 });
  const { assets, attachments } = await emailRecords(world.t);
  expect(assets).toHaveLength(5);
  expect(
    attachments.map((a) => String(a.attributes['attachment-file-name'] ?? a.attributes.name)).sort(),
  ).toEqual([
    'FGT60FTK2309XXXX.lic',
    'acme-backup-2026-02.pdf',
    'laptop-request.txt',
    'network-2nd-floor.svg',
    'switch-ports.csv',
    'vpn.globex.example.crt',
  ]);
  world.t.admin.resetStats();
  const again = await world.t.runStep('email.import', options);
  expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
  expect(world.t.admin.stats().writesApplied).toBe(0);
});
