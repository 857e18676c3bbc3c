// docs/cli.md from the built CLI: each command's --help exactly as `glueflow` prints it, plus the
// exit codes and JSON shapes the command contract promises.
import { cli, GENERATED } from './built.mjs';

const COMMANDS = [
  ['run', 'Run a pipeline'],
  ['plan', 'Plan a pipeline'],
  ['apply', 'Apply a saved plan'],
  ['watch', 'Watch IT Glue for changes'],
  ['serve', 'Run as a service'],
  ['worker', 'Scale out: workers on Redis'],
  ['workers', null],
  ['mcp', 'AI assistants over MCP'],
  ['health', 'Check an instance'],
  ['get', 'Read IT Glue live'],
  ['runs list', 'The run history'],
  ['runs show', null],
  ['runs failed', null],
  ['runs retry', null],
  ['search', 'Full-text search of the cache'],
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
  const { run } = await cli('main.js');
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

Every command with \`--json\` prints exactly **one line** of JSON on stdout — its result, or its error
— so a cron line such as \`glueflow run psa-nightly --json >> psa.jsonl 2>> psa.log\` collects JSON
Lines, one document per run. In JSON mode nothing human goes to stdout: notes, progress, warnings and
the human form of an error go to stderr (keep stderr out of the \`.jsonl\` file). \`--json-pretty\`
prints the same object indented, for people.

\`run --json\` and \`apply --json\` print the run summary, keys in this order (shown indented here):

\`\`\`json
{
  "pipeline": "psa-nightly",
  "dryRun": false,
  "status": "partial",
  "counts": { "created": 2, "updated": 5, "unchanged": 140, "skipped": 0, "failed": 1 },
  "requests": { "total": 31, "retries": 1, "rateLimited": 0 },
  "warnings": [],
  "events": { "organization:created": 2, "onOrganizationUpdated": 5, "onEntityEvent": 7 },
  "messages": [
    { "severity": "error", "reason": "IT Glue rejected …", "code": "EITGLUE_VALIDATION", "item": "connectwise:company:250", "source": "@glueflow/plugin-psa:psa.sync-organizations" }
  ],
  "durationMs": 8412
}
\`\`\`

\`status\` is \`ok\`, \`partial\` (some items failed), \`failed\` or \`interrupted\` (a signal stopped it;
an \`"interrupted"\` key says what was not reached). \`plan --json\` prints the same object with
\`"dryRun": true\` and a \`"plan"\` (the plan file's content). \`watch --once --json\` prints
\`{"events": [{"hook", "id", "type", "action", "recordId", "changedFields"?, "at"}], "skipped"}\`;
without \`--once\`, one such event object per line as events arrive. \`runs --json\` prints
\`{"runs": [...]}\` and \`runs show ID --json\` one recorded run (see [Run history](#run-history)).
\`health --json\`, \`cache … --json\`, \`auth test --json\`, \`plugins --json\` and \`config print --json\`
print one object each.

An error is a JSON line too, with the same exit code as without \`--json\`:

\`\`\`json
{"error":{"code":"ECONFIG_UNKNOWN_PIPELINE","message":"no pipeline named \\"weekly\\"","hint":"pipelines in this config: nightly","where":null}}
\`\`\`

\`code\`, \`message\`, \`hint\` and \`where\` (\`null\` when the error has no place) are always there;
\`requestId\` when IT Glue answered (its support asks for it), \`problems\` for config errors (each with
file, key path, expected and found). No JSON output ever holds a secret value.

\`plan --detailed-exitcode\` exits as terraform's does, for CI that acts on drift: 0 nothing would
change, 2 something would (creates, updates or conflicts), 1 an error — including items that failed,
since such a plan cannot promise "no changes".

## Run history

Every run, plan, apply and watch poll is recorded in the instance's state file (next to the cache,
under \`GLUEFLOW_HOME\`) by core's runtime — whoever drives it: this CLI, the testkit, a script. A
record holds the kind (\`run\`, \`plan\`, \`apply\`, \`watch\`), the pipeline (\`watch\` for watch polls),
start and end, the status (\`ok\`, \`partial\`, \`failed\`, \`interrupted\`, or \`running\`), the counts,
requests and 429s, the number of warnings, the events per hook, and the first ten errors and
warnings with their code and item — never a secret value (every string is masked as in the logs). A
run that threw instead of finishing (refused by the pipeline lock, say) is recorded as \`failed\` with
its error; a process killed mid-run is found out the next time the history is read and shows as
\`interrupted\` (\`ERUN_ABANDONED\`).

\`\`\`text
$ glueflow runs --pipeline psa-nightly
id    started              kind  pipeline     status     took      requests  result
#214  2026-12-04 02:15:03  run   psa-nightly  ⚠ partial  8.4 s     31        2 created, 5 updated, 140 unchanged, 1 failed
#198  2026-12-03 02:15:02  run   psa-nightly  ✓ ok       7.9 s     29        148 unchanged
$ glueflow runs show 214        # the summary and the first messages; --json for the record
\`\`\`

The history keeps the newest \`history.keep\` runs of each pipeline (default 500; watch polls count as
one pipeline, so a watcher never pushes the nightly sync out) and drops runs older than
\`history.maxAgeDays\` (default 90), after every run:

\`\`\`yaml
history: { keep: 200, maxAgeDays: 30 }
\`\`\`

## Output and logs

Results go to stdout, progress and notes to stderr. On a terminal long steps show progress bars
with the rate and the time left (a spinner until a step knows how many items it has); in pipes and CI
(\`CI\` set) plain lines with the rate. \`--quiet\` keeps only results and errors, \`--verbose\` adds
debug JSON log lines on stderr, \`--log-file FILE\` appends JSON log lines to a file. API keys, tokens
and password values are masked in every log line. Colours only on a terminal, never with
\`NO_COLOR\` or \`--no-color\`.

## Commands

${sections.join('\n\n')}
`;
}
