// docs/errors.md from core's ERROR_CATALOGUE: one section per code with an example message and the fix.
// Each catalogue entry is a function of the failure's facts; it is called with representative facts.
import { core, GENERATED, mcp, serve } from './built.mjs';
import { example } from './error-examples.mjs';
import { bundledCatalogues } from './plugins-doc.mjs';

/** Facts that read naturally in the example messages; any other fact shows as `<name>`. */
const SAMPLE = {
  where: 'GET /organizations',
  file: '~/.cache/glueflow/default.sqlite',
  instance: 'default',
  step: 'markdown.import',
  pipeline: 'nightly',
  known: ['runbooks', 'psa-nightly'],
  url: 'http://itglue.example.com',
  region: 'eu-west',
  source: 'env',
  name: 'CW_PRIVATE_KEY',
  retryAfterMs: 30_000,
  retryInMs: 45_000,
  failures: 5,
  ms: 60_000,
  bytes: 12_000_000,
  limitBytes: 10_485_760,
  status: 502,
  passwordValue: false,
  phase: 'response',
};

/** Facts that differ per code for the example to make sense. */
const OVERRIDE = {
  EITGLUE_BAD_REQUEST: { status: 400 },
  EITGLUE_BAD_REGION: { source: 'ITGLUE_REGION' },
  EITGLUE_AMBIGUOUS_WRITE: {
    where: 'POST /organizations',
    reason: 'socket hang up after the request was sent',
  },
  EITGLUE_TOO_LARGE: { where: 'POST /attachments' },
  EPIPELINE_BUSY: {
    lock: 'pipeline:nightly',
    pid: 4242,
    host: 'cron-1',
    startedAt: '2026-12-04T02:00:00.000Z',
  },
  ERUN_ABANDONED: { pid: 4242, host: 'cron-1' },
  ERUN_NOT_FOUND: { id: '42' },
  EDUPLICATE_RECORD: { record: 'flexible-asset "Backups"', ids: ['1042', '1043'] },
  ESTORAGE_REDIS_URL: {
    where: 'GLUEFLOW_REDIS_URL',
    problem: 'redis:// to redis.internal would send the state unencrypted',
  },
  ESTATE_LOCK_LOST: { lock: 'pipeline:nightly', token: 7 },
  ESTATE_CONFLICT: { where: 'rediss://redis.internal:6380', attempts: 20 },
  ESTATE_REDIS: { where: 'rediss://redis.internal:6380', reason: 'connect ECONNREFUSED 10.0.0.5:6380' },
  ESERVE_REMOTE_HOST: { host: '0.0.0.0' },
  ESERVE_FOREIGN_STEP: { plugin: 'glueflow-plugin-acme', pipeline: 'nightly', index: 0 },
  ESERVE_SCHEDULE: { problems: ['nightly: "0 25 * * *" is not a cron expression'] },
  EMCP_UNKNOWN_TOOL: {
    tool: '"drop_tables"',
    known: ['search', 'get_record', 'list_organizations', 'list_pipelines', 'plan_pipeline'],
  },
  EMCP_WRITES_OFF: { tool: 'run_pipeline' },
  EMCP_BAD_ARGUMENTS: {
    tool: 'get_record',
    problems: '✖ Invalid input: expected string, received number → at id',
  },
  EMCP_CALL_LIMIT: { limit: 200 },
  EMCP_NOT_FOUND: { type: 'configurations', id: '1234' },
  EMCP_UNKNOWN_PLAN: { planId: 'plan-3' },
  ESEARCH_QUERY: {
    query: 'srv-dc01',
    detail:
      'FTS5 read "dc01" as a field name (a word after "-" or before ":"); the fields are name, body, traits and sections',
  },
  ESERVE_ROUTE_PREFIX: { plugin: 'glueflow-plugin-email', prefix: 'email', holder: '@glueflow/plugin-email' },
};

/** Codes raised outside core's catalogue: by the config loader as a whole and by the CLI itself. */
const EXTRA = {
  ECONFIG_INVALID: {
    message: '2 config problems: (each listed with file, key path, expected and found)',
    hint: 'fix every problem listed, then run again; `glueflow config print` shows the resolved config',
  },
  EUSAGE: {
    message: 'a wrong command line: unknown option, missing argument, bad flag value (exit 64)',
    hint: 'see `glueflow <command> --help`',
  },
  EWRITE: {
    message: 'cannot write the plan to plans/nightly.json (ENOENT)',
    hint: 'check that the folder exists and is writable',
  },
  EKEYCHAIN_UNAVAILABLE: {
    message: "no OS keychain is available here (Couldn't access platform storage: …)",
    hint: "headless Linux has no Secret Service: export ITGLUE_API_KEY instead (from your scheduler's or CI's secret store), and use { env: NAME } for step secrets",
  },
};

const AREAS = [
  ['IT Glue client', (code) => code.startsWith('EITGLUE_') || code.startsWith('EBUDGET_')],
  ['Configuration, plugins and plans', (code) => /^E(CONFIG|PLUGIN|PLAN|FAT)_/.test(code)],
  ['Cache and state store', (code) => /^E(CACHE|STATE)_/.test(code)],
  ['`glueflow search`', (code) => code.startsWith('ESEARCH_')],
  ['`glueflow serve`', (code) => code.startsWith('ESERVE_')],
  ['`glueflow mcp`', (code) => code.startsWith('EMCP_')],
  ['Command line', (code) => ['EUSAGE', 'EWRITE', 'EKEYCHAIN_UNAVAILABLE'].includes(code)],
];

const EXIT = (code) => (code === 'EUSAGE' ? 64 : code.startsWith('ECONFIG_') ? 78 : 1);

export async function errorsDoc() {
  const { ERROR_CATALOGUE } = await core();
  const { serveErrors } = await serve();
  const { mcpErrors } = await mcp();
  const catalogue = { ...ERROR_CATALOGUE, ...serveErrors.definitions, ...mcpErrors.definitions };
  const entries = Object.entries(catalogue).map(([code, define]) => [
    code,
    example(define, { ...SAMPLE, ...OVERRIDE[code] }),
  ]);
  entries.push(...Object.entries(EXTRA));
  const known = new Set();
  const sections = AREAS.map(([title, belongs]) => {
    const mine = entries.filter(([code]) => belongs(code)).sort(([a], [b]) => a.localeCompare(b));
    mine.forEach(([code]) => known.add(code));
    return `## ${title}\n\n${mine.map(section).join('\n\n')}`;
  });
  const rest = entries.filter(([code]) => !known.has(code));
  if (rest.length > 0) sections.push(`## Other\n\n${rest.map(section).join('\n\n')}`);
  sections.push(pluginsSection(await bundledCatalogues()));
  return `${GENERATED('core’s ERROR_CATALOGUE (packages/core/src/errors/), serve’s and mcp’s tables and the CLI')}
# Errors

Every failure Glueflow reports has a stable code, a one-line message and a hint. The CLI prints
\`✗ CODE message\`, then \`where:\` and \`hint:\`; with \`--json\` it also prints
\`{"error": {"code", "message", "hint", "where"}}\` on stdout. Per-item problems of a run (one bad
file, one rejected record) are *messages* in the run summary with the same codes — the run goes on
and exits 2. Plugins' own codes (\`EMARKDOWN_*\`, \`EPSA_*\`, \`EEMAIL_*\`) come from each plugin's
\`defineErrors()\` table and are explained on its page in [plugins/](plugins/) (listed at the end). The
messages below are examples: the real ones name your file, request or record.

${sections.join('\n\n')}
`;
}

function section([code, text]) {
  return `### ${code}

> ${text.message.replace(/\n/g, '\n> ')}

**Fix:** ${text.hint}

CLI exit code: ${EXIT(code)}.`;
}

/** Each bundled plugin's codes (from its `defineErrors()` table), linked to their sections on its page. */
function pluginsSection(plugins) {
  const lists = plugins.map(
    ({ name, packageName, catalogue }) =>
      `- [${name}](plugins/${name}.md#errors) (\`${packageName}\`): ${catalogue.codes
        .map((code) => `[\`${code}\`](plugins/${name}.md#${code.toLowerCase()})`)
        .join(', ')}`,
  );
  return `## Plugins\n\nEach bundled plugin's codes, from its table:\n\n${lists.join('\n')}`;
}
