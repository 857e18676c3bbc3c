// docs/plugins/<name>.md for each bundled plugin, from the built plugin itself: its description, the
// options schema of the plugin entry, and every step it registers with that step's options schema
// (applied on an engine that cannot run anything, as `glueflow plugins` does). PSA adds the
// connection schema of each built-in provider, and every error code of the plugin's `defineErrors()`
// table. Behaviour, events and examples stay in the package README, which each page links to.
import { pathToFileURL } from 'node:url';
import { cell, core, GENERATED, zod } from './built.mjs';
import { typeOf } from './config-doc.mjs';
import { pluginErrorSections } from './error-examples.mjs';

const root = new URL('../..', import.meta.url);

/** The bundled plugins: short name, package folder, and the export holding its error table. */
export const BUNDLED_PLUGINS = [
  { name: 'markdown', dir: 'plugin-markdown', errors: 'markdownErrors' },
  { name: 'psa', dir: 'plugin-psa', errors: 'psaErrors', extra: psaProviders },
  { name: 'email', dir: 'plugin-email', errors: 'emailErrors' },
];

const builtPlugin = (dir) =>
  import(pathToFileURL(new URL(`packages/${dir}/dist/index.js`, root).pathname).href);

/** Each bundled plugin's error table, for docs/errors.md. */
export async function bundledCatalogues() {
  return Promise.all(
    BUNDLED_PLUGINS.map(async ({ name, dir, errors }) => {
      const mod = await builtPlugin(dir);
      return { name, packageName: mod.default.name, catalogue: mod[errors] };
    }),
  );
}

const SECRET = '(secret: { env: NAME } or { keychain: NAME })';

async function jsonSchemaOf(schema) {
  const z = await zod();
  return z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
}

function typeText(s) {
  if (s.description?.includes(SECRET)) return '`{ env: NAME }` or `{ keychain: NAME }`';
  return typeOf(s);
}

/** Objects that are one of several shapes told apart by a constant key (`type: imap`). */
function branchesOf(s) {
  const options = s.oneOf ?? s.anyOf;
  if (!options || !options.every((o) => o.type === 'object' && o.properties)) return undefined;
  return options.map((o) => {
    const tag = Object.entries(o.properties).find(([, p]) => p.const !== undefined);
    return { label: tag ? `${tag[0]}: ${tag[1].const}` : undefined, schema: o };
  });
}

function rows(schema, prefix = '', out = [], when = '') {
  const required = new Set(schema.required ?? []);
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    const branches = branchesOf(sub);
    const type = branches ? `one of ${branches.length} shapes` : typeText(sub);
    const description = [sub.description ?? '', when, required.has(key) ? '**Required.**' : '']
      .filter(Boolean)
      .join(' ');
    out.push([path, type, description, sub.default]);
    if (branches) {
      for (const branch of branches)
        rows(branch.schema, path, out, branch.label ? `(with \`${branch.label}\`)` : '');
    } else if (sub.properties && !sub.description?.includes(SECRET)) rows(sub, path, out, when);
  }
  return out;
}

async function table(schema) {
  const list = rows(await jsonSchemaOf(schema));
  if (list.length === 0) return 'No options.';
  return [
    '| option | type | default | what it does |',
    '| --- | --- | --- | --- |',
    ...list.map(
      ([key, type, description, fallback]) =>
        `| \`${key}\` | ${cell(type)} | ${fallback === undefined ? '' : `\`${cell(JSON.stringify(fallback))}\``} | ${cell(description)} |`,
    ),
  ].join('\n');
}

/** The steps a plugin registers, from an engine that only lists (no IT Glue, no state). */
async function stepsOf(plugin) {
  const { Engine, createLogger } = await core();
  const refuse = () => {
    throw new Error('the docs engine runs nothing');
  };
  const engine = new Engine({
    instance: 'docs',
    logger: createLogger({ silent: true }),
    services: { itglue: refuse, cache: {}, state: refuse, requestStats: refuse },
    secrets: { env: {} },
  });
  const options = plugin.options ? plugin.options.parse({}) : {};
  await engine.use([
    { plugin, options, entry: { spec: plugin.name, options: {}, declaredIn: null, keyPath: 'plugins[0]' } },
  ]);
  return engine.listSteps();
}

async function psaProviders(mod) {
  const sections = [];
  for (const provider of mod.BUILT_IN_PROVIDERS) {
    sections.push(`### \`provider: ${provider.name}\`\n\n${await table(provider.connection)}`);
  }
  return `## \`connection\` per provider

\`connection\` takes the options of the chosen provider (secrets only as references):

${sections.join('\n\n')}`;
}

export async function pluginDoc({ name, dir, errors, extra }) {
  const mod = await builtPlugin(dir);
  const plugin = mod.default;
  const readme = `../../packages/${dir}/README.md`;
  const steps = [];
  for (const step of await stepsOf(plugin)) {
    steps.push(`### \`${step.id}\`

${step.definition.description ?? ''}

${step.definition.options ? await table(step.definition.options) : 'No options.'}`);
  }
  return `${GENERATED(`the option schemas of ${plugin.name} (packages/${dir})`)}
# ${name}: \`${plugin.name}\`

${(plugin.description ?? '').replace(/\.?$/, '.')}

\`\`\`yaml
plugins:
  - ${name}                       # or [${name}, { …defaults for its steps }]
\`\`\`

How it behaves, its events and examples: [the package README](${readme}); its error codes:
[Errors](#errors). Every option is checked when the config loads; unknown keys are errors.

## Plugin options

Set on the plugin entry (\`[${name}, { … }]\`): defaults for every step of the plugin; a step's \`with:\`
overrides them key by key.

${await table(plugin.options)}

## Steps

${steps.join('\n\n')}
${extra ? `\n${await extra(mod)}\n` : ''}
## Errors

Every code the plugin throws or reports, from its \`defineErrors()\` table (\`${errors}\`): what it
means and the usual fix (the real message names the file, row or record, and often a sharper hint).

${pluginErrorSections(mod[errors])}
`;
}
