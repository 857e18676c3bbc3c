// Markdown render bench (issue 7): 1,000 runbook-like files of about 10 KB each — front matter,
// headings, lists, task lists, tables, fenced code, links, emphasis — rendered by renderMarkdown as
// markdown.import does (sanitizing on, title extraction). Prints one JSON line. Run after `tsc -b`.
// Target: all 1,000 in under 5 s.
import { performance } from 'node:perf_hooks';
import { renderMarkdown } from '../packages/plugin-markdown/dist/index.js';

const FILES = Number(process.env.FILES ?? 1000);
const TARGET_BYTES = 10 * 1024;

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = (items) => items[Math.floor(random() * items.length)];
const WORDS = `restart the service on the domain controller then verify replication with repadmin and check
the event log for errors before closing the ticket escalate to the network team if the firewall blocks
the VPN tunnel confirm the backup job finished and the offsite copy is under twenty four hours old`.split(
  /\s+/,
);
const sentence = (n) => {
  const words = Array.from({ length: n }, () => pick(WORDS));
  const i = Math.floor(random() * n);
  words[i] = pick([
    `**${words[i]}**`,
    `*${words[i]}*`,
    `\`${words[i]}\``,
    `[${words[i]}](https://docs.example.com/${words[i]})`,
  ]);
  return `${words.join(' ')}.`;
};
const paragraph = () =>
  Array.from({ length: 3 + Math.floor(random() * 4) }, () => sentence(8 + Math.floor(random() * 10))).join(
    ' ',
  );
const BLOCKS = [
  () => paragraph(),
  () => Array.from({ length: 4 }, () => `- ${sentence(6)}`).join('\n'),
  () => Array.from({ length: 4 }, (_, i) => `${i + 1}. ${sentence(7)}`).join('\n'),
  () => Array.from({ length: 3 }, () => `- [${random() < 0.5 ? 'x' : ' '}] ${sentence(5)}`).join('\n'),
  () =>
    `| Host | IP | Role |\n|---|---|---|\n${Array.from({ length: 5 }, (_, i) => `| srv-${i} | 10.0.0.${i} | ${pick(WORDS)} |`).join('\n')}`,
  () =>
    `\`\`\`powershell\nGet-Service -Name ${pick(WORDS)} | Restart-Service\nGet-EventLog -LogName System -Newest 20\n\`\`\``,
  () => `> **Note:** ${sentence(12)}`,
];

function runbook(n) {
  const parts = [
    `---\ntitle: Runbook ${n}\norganization: Client ${n % 40}\ntraits:\n  owner: NOC\n---`,
    `# Runbook ${n}`,
  ];
  let size = parts.join('\n\n').length;
  for (let section = 1; size < TARGET_BYTES; section++) {
    const block = section % 4 === 1 ? `## Step ${section}` : pick(BLOCKS)();
    parts.push(block);
    size += block.length + 2;
  }
  return `${parts.join('\n\n')}\n`;
}

const files = Array.from({ length: FILES }, (_, n) => runbook(n));
const bytes = files.reduce((sum, text) => sum + Buffer.byteLength(text), 0);

await renderMarkdown(files[0], { fileName: 'warm-up.md' }); // module loading is not rendering
const perFile = [];
const cpuBefore = process.cpuUsage();
const started = performance.now();
let htmlBytes = 0;
for (const [n, text] of files.entries()) {
  const t0 = performance.now();
  const { html } = await renderMarkdown(text, { fileName: `runbook-${n}.md` });
  perFile.push(performance.now() - t0);
  htmlBytes += Buffer.byteLength(html);
}
const totalMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
perFile.sort((a, b) => a - b);
const at = (q) => Number(perFile[Math.min(perFile.length - 1, Math.floor(q * perFile.length))].toFixed(2));

console.log(
  JSON.stringify({
    bench: 'markdown',
    files: FILES,
    avgFileBytes: Math.round(bytes / FILES),
    totalMarkdownBytes: bytes,
    totalHtmlBytes: htmlBytes,
    totalMs: Math.round(totalMs),
    // CPU time of this process: on a shared machine wall time includes waiting for a core.
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    filesPerSecond: Math.round((FILES / totalMs) * 1000),
    mbPerSecond: Number((bytes / 1024 / 1024 / (totalMs / 1000)).toFixed(2)),
    perFileMs: { p50: at(0.5), p95: at(0.95), max: at(1) },
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024),
    targets: { thousandFilesUnder5s: totalMs < 5000 },
  }),
);
