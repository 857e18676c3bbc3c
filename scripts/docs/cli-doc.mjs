// docs/cli.md from the built CLI: each command's --help exactly as `glueflow` prints it, plus the
// exit codes and JSON shapes the command contract promises.
import { cli, GENERATED } from './built.mjs';

const COMMANDS = [
  ['run', 'Run a pipeline'],
  ['plan', 'Plan a pipeline'],
  ['apply', 'Apply a saved plan'],
  ['watch', 'Watch IT Glue for changes'],
  ['health', 'Check an instance'],
  ['cache stats', 'The metadata cache'],
  ['cache refresh', null],
  ['cache search', null],
  ['cache clear', null],
  ['auth set', 'The API key and step secrets'],
  ['auth test', null],
  ['auth remove', null],
  ['plugins', 'Plugins, steps and taps'],
  ['config print', 'The resolved configuration'],
  ['init', 'A starter config'],
  ['emulator', 'A local IT Glue sandbox'],
  ['plugin new', 'Plugin authoring'],
  ['demo', 'The demo'],
];

/** Every command a person can run (the leaves of the command tree), from the built program itself. */
async function commandNames() {
  const { buildProgram } = await cli('program.js');
  const { CliContext } = await cli('context.js');
  const program = buildProgram(new CliContext({ argv: [], env: {}, cwd: '/' }), { exitCode: undefined });
  const leaves = (command, prefix) =>
    command.commands
      .filter((sub) => sub.name() !== 'help')
      .flatMap((sub) =>
        sub.commands.length > 0 ? leaves(sub, [...prefix, sub.name()]) : [[...prefix, sub.name()].join(' ')],
      );
  return leaves(program, []);
}

async function help(run, argv) {
  let text = '';
  const out = { write: (chunk) => ((text += chunk), true) };
  const code = await run({ argv: [...argv, '--help'], env: {}, cwd: '/', stdout: out, stderr: out });
  if (code !== 0) throw new Error(`glueflow ${argv.join(' ')} --help exited ${code}`);
  return text.trimEnd();
}

export async function cliDoc() {
  const { run } = await cli('run.js');
  const { EXIT } = await cli('exit-codes.js');
  const missing = (await commandNames()).filter((name) => !COMMANDS.some(([listed]) => listed === name));
  if (missing.length > 0) {
    throw new Error(
      `docs/cli.md would miss \`glueflow ${missing.join('`, `glueflow ')}\`: add to COMMANDS in scripts/docs/cli-doc.mjs`,
    );
  }
  const sections = [];
  for (const [command, title] of COMMANDS) {
    const block = `### \`glueflow ${command}\`\n\n\`\`\`text\n${await help(run, command.split(' '))}\n\`\`\``;
    sections.push(title ? `## ${title}\n\n${block}` : block);
  }
  return `${GENERATED('the built CLI (packages/cli): every command’s --help')}
# The \`glueflow\` command

\`glueflow\` runs the pipelines of a config file against IT Glue, plans and applies them, watches IT
Glue for changes, and looks after the key, the cache and the local emulator. Install it with
\`npm install -g @glueflow/cli\` (or \`npx @glueflow/cli\`); in this repository,
\`node packages/cli/bin/glueflow.js\` after \`pnpm build\`. New here? [getting-started.md](getting-started.md).

\`\`\`text
${await help(run, [])}
\`\`\`

## Exit codes

| code | name | when |
| --- | --- | --- |
| ${EXIT.ok} | ok | everything worked |
| ${EXIT.fatal} | fatal | nothing useful happened: no key, key rejected, IT Glue unreachable, a step failed outright, every item failed, an unhealthy \`health\` |
| ${EXIT.itemsFailed} | some items failed | the run went through but some items failed (see the messages); also \`watch\` when a listener failed |
| ${EXIT.usage} | usage | unknown command or option, missing argument, bad flag value |
| ${EXIT.config} | config | the config is wrong (every problem is listed with file and key path) or names an unknown pipeline |

## JSON output

\`run --json\` and \`apply --json\` print one object (the run summary), keys in this order:

\`\`\`json
{
  "pipeline": "psa-nightly",
  "dryRun": false,
  "status": "partial",
  "counts": { "created": 2, "updated": 5, "unchanged": 140, "skipped": 0, "failed": 1 },
  "requests": { "total": 31, "retries": 1, "rateLimited": 0 },
  "events": { "organization:created": 2, "onOrganizationUpdated": 5, "onEntityEvent": 7 },
  "messages": [
    { "severity": "error", "reason": "IT Glue rejected …", "code": "EITGLUE_VALIDATION", "item": "connectwise:company:250", "source": "@glueflow/plugin-psa:psa.sync-organizations" }
  ],
  "durationMs": 8412
}
\`\`\`

\`status\` is \`ok\`, \`partial\` (some items failed) or \`failed\`. \`plan --json\` prints the same object
with \`"dryRun": true\` and a \`"plan"\` (the plan file's content). \`watch --once --json\` prints
\`{"events": [{"hook", "id", "type", "action", "recordId", "changedFields"?, "at"}]}\`; without
\`--once\`, one such event object per line as events arrive. \`health --json\`, \`cache … --json\`,
\`plugins --json\` and \`config print --json\` print one object each. On an error, \`--json\` commands
print \`{"error": {"code", "message", "hint", "where"?}}\`. No JSON output ever holds a secret value.

## Output and logs

Results go to stdout, progress and notes to stderr. On a terminal long steps show progress bars;
in pipes and CI (\`CI\` set) plain lines. \`--quiet\` keeps only results and errors, \`--verbose\` adds
debug JSON log lines on stderr, \`--log-file FILE\` appends JSON log lines to a file. API keys, tokens
and password values are masked in every log line. Colours only on a terminal, never with
\`NO_COLOR\` or \`--no-color\`.

## Commands

${sections.join('\n\n')}
`;
}
