/**
 * The command table: every command, its flags and its help, built on commander. Nothing heavy is
 * imported here — each action loads its module (and through it @glueflow/core and the plugins) only
 * when it runs, so `glueflow --help` starts in well under 300 ms.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { CliContext, GlobalOptions } from './context.js';

/** A command module's entry: does the work, returns the exit code. */
type Action = (ctx: CliContext, ...args: never[]) => Promise<number>;

export interface ProgramResult {
  exitCode: number | undefined;
}

/** Beside every `--json` (one line of JSON on stdout, errors included, for scripts and `>> x.jsonl`). */
const PRETTY = 'like --json, indented for people';

const examples = (...lines: string[]) => `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;

export function buildProgram(ctx: CliContext, result: ProgramResult): Command {
  const program = new Command('glueflow')
    .description('Plugin-based automation for the IT Glue API: run pipelines, plan and apply, watch changes.')
    .version(packageVersion(), '-V, --version')
    .option('-c, --config <file>', 'config file (default: searched from the current folder up)')
    .option('-i, --instance <name>', 'IT Glue instance from `instances:` (also the keychain account)')
    .option('-q, --quiet', 'print only results and errors')
    .option('-v, --verbose', 'debug logs on stderr (JSON lines, secrets masked)')
    .option('--log-file <file>', 'append JSON log lines to this file (secrets masked)')
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void ctx.stdout.write(text),
      writeErr: (text) => void ctx.stderr.write(text),
      // The injected streams decide the width (80 off a terminal), not process.stdout.
      getOutHelpWidth: () => ctx.stdout.columns ?? 80,
      getErrHelpWidth: () => ctx.stderr.columns ?? 80,
    })
    .addHelpText(
      'after',
      examples(
        'glueflow demo                       # everything on an offline emulator, no account needed',
        'glueflow init                       # write a starter config',
        'glueflow auth set                   # store the API key in the OS keychain',
        'glueflow plan runbooks --out plan.json && glueflow apply plan.json',
        'glueflow run psa-nightly --json     # for cron and CI; exit 2 when some items failed',
      ) +
        '\nExit codes: 0 ok, 1 fatal, 2 some items failed, 64 usage, 78 config, 130/143 interrupted (SIGINT/SIGTERM).\n',
    );

  /** Wires a command's action to its lazily loaded module. */
  const act =
    (load: () => Promise<Action>) =>
    async (...args: unknown[]): Promise<void> => {
      const command = args.at(-1) as Command;
      ctx.globals = command.optsWithGlobals<GlobalOptions>();
      const values = args.slice(0, -1);
      const opts = command.opts<{ json?: boolean; jsonPretty?: boolean }>();
      ctx.output = opts.jsonPretty ? 'json-pretty' : opts.json ? 'json' : 'human';
      // Commands test `flags.json`: --json-pretty is --json for them, only the printing differs.
      if (opts.jsonPretty) values[values.length - 1] = { ...opts, json: true };
      const action = await load();
      result.exitCode = await action(ctx, ...(values as never[]));
    };

  program
    .command('run')
    .description('run a pipeline from the config')
    .argument('<pipeline>', 'pipeline name (the key under `pipelines:`)')
    .option('--dry-run', 'plan only: show what would change, write nothing')
    .option('--full', 'forget incremental bookmarks first, so sources list everything again')
    .option('--json', 'print the run summary as one line of JSON instead of the report')
    .option('--json-pretty', PRETTY)
    .option(
      '--wait <duration>',
      'if the pipeline is already running, wait this long for it (30s, 5m) instead of refusing',
    )
    .addHelpText(
      'after',
      examples('glueflow run runbooks', 'glueflow run psa-nightly --dry-run', 'glueflow run mail --json'),
    )
    .action(act(async () => (await import('./commands/run.js')).runCommand));

  program
    .command('plan')
    .description(
      'dry-run a pipeline and show (or save) the plan: creates, updates with field diffs, conflicts',
    )
    .argument('<pipeline>', 'pipeline name')
    .option('-o, --out <file>', 'save the plan for `glueflow apply`')
    .option('--json', 'print the summary and the plan as one line of JSON')
    .option('--json-pretty', PRETTY)
    .option(
      '--detailed-exitcode',
      'exit 0 when nothing would change, 2 when something would (creates, updates, conflicts), 1 on an error',
    )
    .addHelpText(
      'after',
      examples(
        'glueflow plan runbooks',
        'glueflow plan psa-nightly --out plan.json',
        'glueflow plan psa-nightly --detailed-exitcode --quiet   # CI: exit 2 means drift',
      ),
    )
    .action(act(async () => (await import('./commands/plan.js')).planCommand));

  program
    .command('apply')
    .description('apply a saved plan exactly; records changed in IT Glue since planning are refused')
    .argument('<plan-file>', 'a file written by `glueflow plan --out`')
    .option('--json', 'print the run summary as one line of JSON instead of the report')
    .option('--json-pretty', PRETTY)
    .option(
      '--wait <duration>',
      'if the pipeline is already running, wait this long for it (30s, 5m) instead of refusing',
    )
    .addHelpText('after', examples('glueflow apply plan.json'))
    .action(act(async () => (await import('./commands/apply.js')).applyCommand));

  program
    .command('watch')
    .description('poll IT Glue for changes and fire the hooks (onOrganizationUpdated, onPasswordRotated …)')
    .option('--interval <duration>', 'time between polls: 30s, 5m, 1h', '60s')
    .option(
      '--types <types...>',
      'only these types (organizations, configurations, contacts, locations, passwords, flexible-assets)',
    )
    .option('--once', 'poll once and exit')
    .option('--json', 'JSON: with --once one {"events":[…]} line, otherwise one line per event')
    .option('--json-pretty', PRETTY)
    .addHelpText(
      'after',
      examples(
        'glueflow watch',
        'glueflow watch --types organizations passwords --interval 5m',
        'glueflow watch --once --json',
      ),
    )
    .action(act(async () => (await import('./commands/watch.js')).watchCommand));

  program
    .command('serve')
    .description('run as a service: schedules, continuous watch, IT Glue webhooks, /healthz /readyz /metrics')
    .option('--port <port>', 'port to listen on (default serve.port, else 8787; 0: any free port)')
    .option('--host <address>', 'address to listen on (default serve.host, else 127.0.0.1)')
    .option('--allow-remote', 'allow a host that is not loopback (put TLS in front: docs/serve.md)')
    .option(
      '--drain-timeout <duration>',
      'on SIGTERM, how long in-flight work may take to finish (default serve.drainTimeout, else 8s)',
    )
    .option('--print-itglue-template', "print the body for an IT Glue Workflow's webhook action, then exit")
    .addHelpText(
      'after',
      examples(
        'glueflow serve',
        'glueflow serve --port 9000 --verbose',
        'glueflow serve --print-itglue-template',
      ),
    )
    .action(act(async () => (await import('./commands/serve.js')).serveCommand));

  program
    .command('mcp')
    .description(
      'a Model Context Protocol server on stdio for Claude Desktop, VS Code and other MCP clients (docs/mcp.md)',
    )
    .addHelpText('after', examples('glueflow mcp', 'glueflow mcp --instance prod --log-file mcp.log'))
    .action(act(async () => (await import('./commands/mcp.js')).mcpCommand));

  program
    .command('health')
    .description('check the key, latency, circuit breaker, rate budget and cache; exit 1 when unhealthy')
    .option('--json', 'print the report as one line of JSON')
    .option('--json-pretty', PRETTY)
    .addHelpText('after', examples('glueflow health', 'glueflow health --json --instance prod'))
    .action(act(async () => (await import('./commands/health.js')).healthCommand));

  program
    .command('get')
    .description(
      'read IT Glue live (through the rate budget): a list with filters, or one record; secrets stay masked',
    )
    .argument('<type>', 'an IT Glue type: organizations, configurations, passwords, flexible_assets …')
    .argument('[id]', 'one record instead of a list')
    .option('--filter <key=value...>', 'IT Glue filters, e.g. --filter name=Acme --filter organization_id=5')
    .option('--include <names>', 'side-load related records, e.g. attachments,related_items')
    .option('--limit <n>', 'at most this many records in a list', '100')
    .option('--show-password', 'show the value of ONE password (passwords <id> only); the reveal is logged')
    .option('--json', 'print {"records":[…]} or {"record":{…}} as one line of JSON')
    .option('--json-pretty', PRETTY)
    .addHelpText(
      'after',
      examples(
        'glueflow get organizations --filter name=Acme',
        'glueflow get configurations --filter organization_id=42 --json',
        'glueflow get flexible_assets --filter flexible-asset-type-id=7 --limit 20',
        'glueflow get passwords 1234 --show-password',
      ),
    )
    .action(act(async () => (await import('./commands/get.js')).getCommand));

  const runs = program
    .command('runs')
    .description('the run history: every run, plan, apply and watch poll of this instance, newest first');
  runs
    .command('list', { isDefault: true })
    .description('a table of recorded runs, newest first (`glueflow runs` alone does this)')
    .option('-p, --pipeline <name>', 'only this pipeline (`watch` for the polls of `glueflow watch`)')
    .option('--status <status>', 'only runs with this status: ok, partial, failed, interrupted, running')
    .option('--kind <kind>', 'only runs of this kind: run, plan, apply, watch')
    .option('--since <when>', 'only runs started since: a duration back (30m, 24h, 7d, 2w) or an ISO date')
    .option('--limit <n>', 'at most this many', '20')
    .option('--json', 'print {"runs":[…]} as one line of JSON')
    .option('--json-pretty', PRETTY)
    .addHelpText(
      'after',
      examples(
        'glueflow runs',
        'glueflow runs --pipeline psa-nightly --status failed --since 7d',
        'glueflow runs --kind run --json',
      ),
    )
    .action(act(async () => (await import('./commands/runs.js')).runsListCommand));
  runs
    .command('show')
    .description('one recorded run in full: times, counts, requests, events, the error or first messages')
    .argument('<id>', 'the run number from `glueflow runs`')
    .option('--json', 'print the recorded run as one line of JSON')
    .option('--json-pretty', PRETTY)
    .addHelpText('after', examples('glueflow runs show 42', 'glueflow runs show 42 --json-pretty'))
    .action(act(async () => (await import('./commands/runs.js')).runsShowCommand));
  runs
    .command('failed')
    .description('runs in the work queue that used every attempt (Redis: docs/scale-out.md)')
    .option('--json', 'print {"failed":[…]} as one line of JSON')
    .option('--json-pretty', PRETTY)
    .addHelpText('after', examples('glueflow runs failed', 'glueflow runs failed --json'))
    .action(act(async () => (await import('./commands/worker.js')).runsFailedCommand));
  runs
    .command('retry')
    .description('put a failed run back in the work queue, its attempts starting over')
    .argument('<job>', 'the job id from `glueflow runs failed`')
    .addHelpText('after', examples('glueflow runs retry 42'))
    .action(act(async () => (await import('./commands/worker.js')).runsRetryCommand));

  program
    .command('worker')
    .description('take pipeline runs from the work queue until SIGTERM (Redis: docs/scale-out.md)')
    .option('--concurrency <n>', 'runs at once in this process (default 1)')
    .option('--drain-timeout <duration>', 'on SIGTERM, how long runs in progress may take (default 8s)')
    .addHelpText('after', examples('glueflow worker', 'glueflow worker --concurrency 4'))
    .action(act(async () => (await import('./commands/worker.js')).workerCommand));
  program
    .command('workers')
    .description('the live workers of this instance: host, pid, concurrency, jobs in progress and done')
    .option('--json', 'print {"workers":[…]} as one line of JSON')
    .option('--json-pretty', PRETTY)
    .addHelpText('after', examples('glueflow workers', 'glueflow workers --json'))
    .action(act(async () => (await import('./commands/worker.js')).workersCommand));

  program
    .command('search')
    .description(
      'full-text search of the local cache: names, text fields, traits (never secrets); no IT Glue call',
    )
    .argument(
      '<query>',
      'words (all must match), "a phrase", prefix* , OR/NOT, name:word (see docs/search.md)',
    )
    .option('-t, --type <type>', 'only this type (organizations, configurations, flexible-assets …)')
    .option('--org <name|id>', 'only records of this organization (by name or id)')
    .option('--limit <n>', 'at most this many hits (1–200)', '20')
    .option('--json', 'print {"query","hits":[…],"total","more","ranked","totalCapped"} as one line of JSON')
    .option('--json-pretty', PRETTY)
    .addHelpText(
      'after',
      examples(
        'glueflow search wifi',
        'glueflow search \'"access point" lobby\' --org Acme',
        'glueflow search "fw*" --type configurations --json',
      ),
    )
    .action(act(async () => (await import('./commands/search.js')).searchCommand));

  const cache = program
    .command('cache')
    .description('the local metadata cache (names and ids of IT Glue records, never secrets)');
  cache
    .command('stats')
    .description('entries per type, hit rate, size, last refresh')
    .option('--json', 'print as one line of JSON')
    .option('--json-pretty', PRETTY)
    .action(act(async () => (await import('./commands/cache.js')).cacheStatsCommand));
  cache
    .command('refresh')
    .description('pull types from IT Glue now (default: all), removing records IT Glue no longer has')
    .argument(
      '[types...]',
      'organizations, configurations, contacts, locations, passwords, flexible-asset-types, flexible-assets, documents',
    )
    .option(
      '--sections',
      "also read each cached document's sections for full-text search: one IT Glue request per document, under the rate budget (bodies are indexed, never cached)",
    )
    .option('--json', 'print as one line of JSON')
    .option('--json-pretty', PRETTY)
    .addHelpText(
      'after',
      examples(
        'glueflow cache refresh',
        'glueflow cache refresh organizations configurations',
        'glueflow cache refresh documents --sections',
      ),
    )
    .action(act(async () => (await import('./commands/cache.js')).cacheRefreshCommand));
  cache
    .command('search')
    .description('find cached records by name (case-insensitive substring)')
    .argument('<text>', 'part of a name')
    .option('-t, --type <type>', 'only this type (default: every type)')
    .option('--limit <n>', 'at most this many per type', '20')
    .option('--json', 'print as one line of JSON')
    .option('--json-pretty', PRETTY)
    .addHelpText(
      'after',
      examples('glueflow cache search acme', 'glueflow cache search "fw-" --type configurations'),
    )
    .action(act(async () => (await import('./commands/cache.js')).cacheSearchCommand));
  cache
    .command('clear')
    .description('empty the cache (or one type); mappings and bookmarks in the state store stay')
    .argument('[type]', 'only this type')
    .action(act(async () => (await import('./commands/cache.js')).cacheClearCommand));

  const auth = program
    .command('auth')
    .description('the IT Glue API key in the OS keychain (service "glueflow", account = instance name)');
  auth
    .command('set')
    .description('store the API key (read from a hidden prompt or stdin, never from the command line)')
    .option('--secret <name>', 'store a step secret for `{ keychain: NAME }` instead of the API key')
    .addHelpText(
      'after',
      examples(
        'glueflow auth set',
        'glueflow auth set --instance prod',
        'printf %s "$KEY" | glueflow auth set',
        'glueflow auth set --secret cw-private',
      ),
    )
    .action(act(async () => (await import('./commands/auth.js')).authSetCommand));
  auth
    .command('test')
    .description('check that IT Glue accepts the key (from ITGLUE_API_KEY or the keychain)')
    .option('--json', 'print as one line of JSON')
    .option('--json-pretty', PRETTY)
    .action(act(async () => (await import('./commands/auth.js')).authTestCommand));
  auth
    .command('remove')
    .description('delete the stored key (or step secret) from the keychain')
    .option('--secret <name>', 'remove a step secret instead of the API key')
    .action(act(async () => (await import('./commands/auth.js')).authRemoveCommand));

  program
    .command('plugins')
    .description('loaded plugins, the steps they register and the hooks each taps')
    .option('--json', 'print as one line of JSON')
    .option('--json-pretty', PRETTY)
    .action(act(async () => (await import('./commands/plugins.js')).pluginsCommand));

  const config = program.command('config').description('the resolved configuration');
  config
    .command('print')
    .description(
      'the resolved config and where each value came from (file, env, flag, default); secrets masked',
    )
    .option('--json', 'print as one line of JSON')
    .option('--json-pretty', PRETTY)
    .action(act(async () => (await import('./commands/config-print.js')).configPrintCommand));

  program
    .command('init')
    .description('write a starter config with example pipelines (asks on a terminal; never writes a secret)')
    .addOption(new Option('--region <region>', 'IT Glue region').choices(['us', 'eu', 'au']))
    .option('--url <url>', 'base URL instead of a region (e.g. a local emulator)')
    .addOption(
      new Option('--format <format>', 'config file format').choices(['yaml', 'json', 'mjs']).default('yaml'),
    )
    .option('--examples <names>', 'example pipelines: markdown,psa,email or none', 'markdown,psa,email')
    .option('--force', 'overwrite an existing config file')
    .option('-y, --yes', 'do not ask, use the flags and defaults')
    .addHelpText('after', examples('glueflow init', 'glueflow init --region eu --examples psa --yes'))
    .action(act(async () => (await import('./commands/init.js')).initCommand));

  program
    .command('emulator')
    .description('run the offline IT Glue emulator (a local sandbox) until Ctrl-C')
    .option('--port <port>', 'port on 127.0.0.1 (0: any free port)', '4100')
    .option('--api-key <key...>', 'accepted API keys (default ITG.emulator)')
    .option('--seed <n>', 'PRNG seed for generated data and faults')
    .option('--generate <orgs,perOrg>', 'generate realistic data, e.g. 20,10', '5,5')
    .option('--db <file>', 'keep the data in this SQLite file (default: in memory)')
    .option('--rate <requests/seconds>', 'rate limit, e.g. 3000/300')
    .option('--faults <spec>', 'inject faults, e.g. "502:0.05,reset:0.01"')
    .option('--latency <ms>', 'added latency per request')
    .addHelpText(
      'after',
      examples(
        'glueflow emulator',
        'glueflow emulator --port 0 --rate 100/60 --faults 502:0.1',
        'ITGLUE_API_URL=http://127.0.0.1:4100 ITGLUE_API_KEY=ITG.emulator glueflow health',
      ),
    )
    .action(act(async () => (await import('./commands/emulator.js')).emulatorCommand));

  program
    .command('plugin')
    .description('plugin authoring')
    .command('new')
    .description(
      'scaffold a plugin package: definePlugin, options schema, a step, a hook tap, a test, README',
    )
    .argument('<name>', '`teams-notify`, `glueflow-plugin-teams-notify` or `@acme/teams-notify`')
    .option('--dir <dir>', 'folder to create (default: the package name without scope)')
    .option(
      '--from-tarballs <dir>',
      'take @glueflow/* from the .tgz files in <dir> (pnpm -r pack --pack-destination <dir>), not the npm registry',
    )
    .addHelpText(
      'after',
      examples(
        'glueflow plugin new teams-notify',
        'glueflow plugin new @acme/rmm-import --dir plugins/rmm',
        'glueflow plugin new teams-notify --from-tarballs ../glueflow/packed',
      ),
    )
    .action(act(async () => (await import('./commands/plugin-new.js')).pluginNewCommand));

  program
    .command('demo')
    .description(
      'the tour: example pipelines on an in-process emulator — plan, apply, events, an idempotent re-run',
    )
    .addHelpText('after', examples('glueflow demo'))
    .action(act(async () => (await import('./commands/demo.js')).demoCommand));

  return program;
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
