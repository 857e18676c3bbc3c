/** The shipped example runbooks (examples/markdown) import cleanly, as `glueflow demo` runs them. */
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from '@jest/globals';
import { createTestEngine } from '@glueflow/testkit';
import type { TestEngine } from '@glueflow/testkit';
import markdownPlugin from '../index.js';

const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url));
let t: TestEngine | undefined;
afterAll(async () => t?.close());

it('imports examples/markdown/runbooks with the demo config, its diagram and cross-links, with no warning', async () => {
  t = await createTestEngine({ plugins: [markdownPlugin], baseDir: examples });
  for (const name of ['Acme Corp', 'Globex']) await t.client.organizations.create({ name });
  const options = { files: 'markdown/runbooks/**/*.md', organization: 'Acme Corp' };
  const summary = await t.runStep('markdown.import', options);
  expect(summary.messages.filter((m) => m.severity !== 'info')).toEqual([]);
  expect(summary.counts).toMatchObject({ created: 5, failed: 0, skipped: 0 });

  const dump = await t.admin.dump();
  const assets = (dump['flexible-assets'] ?? []).map((a) => a.attributes as Record<string, unknown>);
  const byTitle = new Map(assets.map((a) => [(a.traits as Record<string, string>).title, a]));
  expect([...byTitle.keys()].sort()).toEqual([
    'Firewall rule change procedure',
    'Monthly backup verification',
    'New starter onboarding (Microsoft 365)',
    'Print spooler recovery',
    'Site-to-site VPN troubleshooting',
  ]);
  expect(byTitle.get('Print spooler recovery')!['organization-name']).toBe('Globex');
  const vpn = (byTitle.get('Site-to-site VPN troubleshooting')!.traits as Record<string, string>).content!;
  expect(vpn).toMatch(/<img[^>]+alt="Head office/);
  expect(vpn).toContain(
    `${String(byTitle.get('New starter onboarding (Microsoft 365)')!['resource-url'])}#user-content-devices`,
  );
  // The diagram (a PNG: SVG is refused, issue 17.2) went up as an attachment of its runbook.
  expect((dump.attachments ?? []).map((a) => a.attributes['attachment-file-name'])).toEqual([
    'vpn-topology.png',
  ]);

  t.admin.resetStats();
  const again = await t.runStep('markdown.import', options);
  expect(again.counts).toMatchObject({ unchanged: 5 });
  expect(t.admin.stats().writesApplied).toBe(0);
});
