// docs/configuration.md and the JSON Schema, from core's zod config schema (descriptions included).
import { cell, core, GENERATED, zod } from './built.mjs';

export const SCHEMA_ID = 'https://unpkg.com/@glueflow/cli/glueflow.schema.json';

export async function jsonSchema() {
  const z = await zod();
  const { configFileSchema } = await core();
  // draft-07: the dialect YAML and JSON editors (yaml-language-server, VS Code) validate best.
  const { $schema, ...rest } = z.toJSONSchema(configFileSchema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
  });
  return { $schema, $id: SCHEMA_ID, title: 'Glueflow configuration', ...rest };
}

/** A JSON Schema's type in words, for a reference table cell. */
export function typeOf(s) {
  if (!s || Object.keys(s).length === 0 || (Object.keys(s).length === 1 && s.description)) return 'any';
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' | ');
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.anyOf) return s.anyOf.map(typeOf).join(' or ');
  if (s.type === 'array') {
    if (Array.isArray(s.items)) return `[${s.items.map(typeOf).join(', ')}]`;
    return s.items?.anyOf ? `(${typeOf(s.items)})[]` : `${typeOf(s.items)}[]`;
  }
  if (s.type === 'object' && !s.properties && s.additionalProperties && s.additionalProperties !== true)
    return `map of ${typeOf(s.additionalProperties)}`;
  if (s.type === 'string' && s.format === 'uri') return 'URL';
  if (s.type === 'integer' || s.type === 'number') {
    const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? `>${s.exclusiveMinimum}` : undefined);
    const max = s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? s.maximum : undefined;
    const range = [min !== undefined ? `≥${min}`.replace('≥>', '>') : '', max !== undefined ? `≤${max}` : '']
      .filter(Boolean)
      .join(', ');
    return range ? `${s.type} (${range})` : s.type;
  }
  return s.type ?? 'any';
}

function walk(schema, prefix, rows) {
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    const keyPath = prefix ? `${prefix}.${key}` : key;
    rows.push([keyPath, typeOf(sub), sub.description ?? sub.items?.description ?? '']);
    descend(sub, keyPath, rows);
  }
}

function descend(sub, keyPath, rows) {
  if (sub.properties) walk(sub, keyPath, rows);
  else if (sub.type === 'object' && sub.additionalProperties && sub.additionalProperties !== true)
    descend(sub.additionalProperties, `${keyPath}.<name>`, rows);
  else if (sub.type === 'array' && sub.items && !Array.isArray(sub.items))
    descend(sub.items, `${keyPath}[]`, rows);
}

export async function configurationDoc(schema) {
  const { DEFAULT_TTL_MS, REGIONS } = await core();
  const rows = [];
  walk(schema, '', rows);
  const table = [
    '| key | type | what it does |',
    '| --- | --- | --- |',
    ...rows.map(([key, type, description]) => `| \`${key}\` | ${cell(type)} | ${cell(description)} |`),
  ];
  const ttl = [
    '| type | default TTL |',
    '| --- | --- |',
    ...Object.entries(DEFAULT_TTL_MS).map(([type, ms]) => `| \`${type}\` | ${ms / 1000} s |`),
  ];
  return `${GENERATED('core’s config schema (packages/core/src/config/schema.ts)')}
# Configuration

Glueflow reads one config file per project, then applies the environment and the command line on
top. \`glueflow config print\` shows the result and where every value came from.

## Where the config file is found

The first of these that exists: \`package.json\` (a \`"glueflow"\` key), \`.glueflowrc\`, \`.glueflowrc.json\`,
\`.glueflowrc.yaml\`, \`.glueflowrc.yml\`, \`.glueflowrc.js\`, \`.glueflowrc.mjs\`, \`.glueflowrc.cjs\`,
\`glueflow.config.ts\`, \`glueflow.config.mjs\`, \`glueflow.config.js\`, \`glueflow.config.cjs\`.
Glueflow looks in the current folder, then its parents up to the first folder that holds a
\`package.json\` or \`.git\`, or is your home folder — never above. Outside a project, a repository
and your home folder, only the current folder is searched (never \`/tmp\` or \`/\`, where anyone may
leave a file). \`--config FILE\` names one explicitly. \`glueflow init\` writes a starter file.

**A config file is code.** A \`.js\`, \`.mjs\`, \`.cjs\` or \`.ts\` config runs when it is loaded, \`extends\`
loads (and runs) more files, and every entry of \`plugins:\` that is a path or a package is imported
and runs with your rights — also from a YAML or JSON config. So on Linux and macOS Glueflow refuses
a config file (or \`extends\` target) that is owned by another user (root excepted), that other users
can write (group-writable is accepted only for your private group, as with umask 002), or whose folder
other users can write without the sticky bit; the error names the file and the fix (\`chmod go-w\`).
Treat a config like a script: review it before you run it, and keep it where only you can change it.
YAML configs may use anchors and aliases, at most 100 expansions per file; cosmiconfig's
\`$import\` and \`.config/config.*\` meta files are not supported.

## Precedence

Command-line flags > environment > the config file > files it \`extends\` > defaults. Relative paths
(plugins, a step's files) resolve against the file that declared them, not the current folder.

| environment variable | meaning |
| --- | --- |
| \`ITGLUE_API_KEY\` | The API key. Wins over the OS keychain (\`glueflow auth set\`). Never put it in a config file. |
| \`ITGLUE_REGION\` | ${REGIONS.map((r) => `\`${r}\``).join(', ')}: the IT Glue data centre of the account. |
| \`ITGLUE_API_URL\` | A full base URL; wins over the region (plain \`http://\` only on loopback, e.g. the emulator). |
| \`GLUEFLOW_HOME\` | Folder of the per-instance SQLite file (cache and state). Default \`$XDG_CACHE_HOME/glueflow\` or \`~/.cache/glueflow\`. |
| \`NO_COLOR\` | Any value turns colours off. |

## Editor validation

YAML and JSON configs validate in editors through the JSON Schema generated with this page
([glueflow.schema.json](glueflow.schema.json), also shipped in \`@glueflow/cli\`):

\`\`\`yaml
# yaml-language-server: $schema=${SCHEMA_ID}
$schema: ${SCHEMA_ID}
instance:
  region: eu
\`\`\`

TypeScript and JavaScript configs get types from \`defineConfig\` or a JSDoc type:

\`\`\`js
/** @type {import('@glueflow/core').ConfigFile} */
export default { instance: { region: 'eu' }, plugins: ['markdown'], pipelines: {} };
\`\`\`

## Keys

Unknown keys are errors, reported together with every other problem (file and line, key path,
expected, found; a misspelt key with the one it probably means), and the CLI exits 78. A missing
option of a step or plugin is named as a missing key, and every \`{ env: NAME }\` secret a pipeline
needs is checked before it runs — all the missing ones at once.

${table.join('\n')}

## Plugins

An entry of \`plugins\` is a short name (\`markdown\` → \`@glueflow/plugin-markdown\`, also
\`glueflow-plugin-<name>\` and \`@scope/glueflow-plugin-<name>\`), a package name, a path relative to
the config file, an inline plugin object, or \`[plugin, options]\`. A plugin's options are validated
by its own schema when the config loads, before any IT Glue call; options on the plugin entry are
defaults for its steps' \`with:\`. The bundled plugins' options:
[markdown](plugins/markdown.md), [psa](plugins/psa.md), [email](plugins/email.md).

## Secrets

A secret option (a PSA private key, an IMAP password) takes a reference, never the value:
\`{ env: NAME }\` (an environment variable) or \`{ keychain: NAME }\` (the OS keychain entry stored by
\`glueflow auth set --secret NAME\`). Under a secret-looking key (\`password\`, \`privateKey\`,
\`clientSecret\`, \`…Token\`, \`apiKey\` …) anything but a reference — a string, a number, a list — is a
config error, and so is a reference with anything beside it (\`{ env: NAME, default: … }\`) and a URL
with \`user:password@\` in it. These errors name the file, the key path and the expected shape, never
the value. See [security.md](security.md).

## Cache lifetimes

\`cache.ttlSeconds\` overrides these per type:

${ttl.join('\n')}
`;
}
