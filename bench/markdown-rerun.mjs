// markdown.import re-run bench: a folder of self-contained runbooks (~8 KB each, links only to outside
// URLs) imported once, then imported again unchanged. The re-run is answered from the engine's mappings
// (`unchangedSince`) without parsing a file. Prints one JSON line. Run after `tsc -b`.
// Target (ours, not an issue's): an unchanged re-run costs a small fraction of the import.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTestEngine } from '../packages/testkit/dist/index.js';
import markdownPlugin from '../packages/plugin-markdown/dist/index.js';

const FILES = Number(process.env.FILES ?? 300);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-bench-md-rerun-'));
const para =
  'Restart the **service** on the domain controller, then verify [replication](https://docs.example.com/repl) with `repadmin`. ';
for (let n = 0; n < FILES; n++) {
  const body = Array.from({ length: 40 }, (_, i) => (i % 6 === 0 ? `## Step ${i}` : para.repeat(2))).join(
    '\n\n',
  );
  fs.writeFileSync(path.join(dir, `runbook-${n}.md`), `---\ntitle: Runbook ${n}\n---\n\n${body}\n`);
}
const t = await createTestEngine({
  plugins: [[markdownPlugin, {}]],
  baseDir: dir,
  emulator: { rateLimit: { requests: 1_000_000, windowSeconds: 300 } },
  logLevel: 'error',
});
try {
  await t.client.organizations.create({ name: 'Acme' });
  const options = { files: '*.md', organization: 'Acme' };
  let started = performance.now();
  const first = await t.runStep('markdown.import', options);
  const importMs = performance.now() - started;
  started = performance.now();
  const again = await t.runStep('markdown.import', options);
  const rerunMs = performance.now() - started;
  console.log(
    JSON.stringify({
      bench: 'markdown-rerun',
      files: FILES,
      importMs: Math.round(importMs),
      created: first.counts.created,
      rerunMs: Math.round(rerunMs),
      rerunUnchanged: again.counts.unchanged,
      rerunRequests: again.requests.total,
      pass: first.counts.created === FILES && again.counts.unchanged === FILES && rerunMs < importMs / 10,
    }),
  );
} finally {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
