/**
 * The starter config `glueflow init` writes: an instance, the bundled plugins and one example pipeline
 * each. Secrets appear only as `{ env: NAME }` references — a literal secret would be a config error.
 */
export type InitFormat = 'yaml' | 'json' | 'mjs';
export type ExampleName = 'markdown' | 'psa' | 'email';
export const EXAMPLE_NAMES: readonly ExampleName[] = ['markdown', 'psa', 'email'];

export const SCHEMA_URL = 'https://unpkg.com/@glueflow/cli/glueflow.schema.json';

export const FILE_NAMES: Record<InitFormat, string> = {
  yaml: '.glueflowrc.yaml',
  json: '.glueflowrc.json',
  mjs: 'glueflow.config.mjs',
};

export interface InitAnswers {
  region?: 'us' | 'eu' | 'au';
  url?: string;
  /** Named instance (`instances: { <name>: … }`); the single `instance:` otherwise. */
  instanceName?: string;
  examples: ExampleName[];
}

type Json = Record<string, unknown>;

const PLUGINS: Record<ExampleName, unknown> = {
  markdown: 'markdown',
  psa: [
    'psa',
    {
      provider: 'connectwise',
      connection: {
        url: 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0',
        companyId: 'yourcompany',
        publicKey: { env: 'CW_PUBLIC_KEY' },
        privateKey: { env: 'CW_PRIVATE_KEY' },
        clientId: { env: 'CW_CLIENT_ID' },
      },
    },
  ],
  email: 'email',
};

const PIPELINES: Record<ExampleName, [string, Json[]]> = {
  markdown: [
    'runbooks',
    [{ step: 'markdown.import', with: { files: 'runbooks/**/*.md', organization: 'Your MSP' } }],
  ],
  psa: ['psa-nightly', [{ step: 'psa.sync-organizations' }]],
  email: [
    'mail',
    [
      {
        step: 'email.import',
        with: {
          source: {
            type: 'imap',
            host: 'imap.example.com',
            user: 'documentation@example.com',
            password: { env: 'IMAP_PASSWORD' },
          },
          route: { defaultOrganization: 'Your MSP' },
        },
      },
    ],
  ],
};

export function starterConfig(answers: InitAnswers, format: InitFormat): Json {
  const instance = answers.url ? { url: answers.url } : { region: answers.region ?? 'us' };
  return {
    ...(format === 'mjs' ? {} : { $schema: SCHEMA_URL }),
    ...(answers.instanceName
      ? { instances: { [answers.instanceName]: instance }, defaultInstance: answers.instanceName }
      : { instance }),
    plugins: answers.examples.map((name) => PLUGINS[name]),
    pipelines: Object.fromEntries(answers.examples.map((name) => PIPELINES[name])),
  };
}

const HEADER = [
  'Glueflow configuration: https://github.com/glueflow/glueflow/blob/main/docs/configuration.md',
  'The IT Glue API key is never written here: run `glueflow auth set` or export ITGLUE_API_KEY.',
  'Secrets in plugin options are references only: { env: NAME } or { keychain: NAME }.',
];

export function renderConfig(config: Json, format: InitFormat): string {
  if (format === 'json') return `${JSON.stringify(config, null, 2)}\n`;
  if (format === 'mjs') {
    return [
      ...HEADER.map((line) => `// ${line}`),
      "/** @type {import('@glueflow/core').ConfigFile} */",
      `export default ${JSON.stringify(config, null, 2)};`,
      '',
    ].join('\n');
  }
  return [
    ...HEADER.map((line) => `# ${line}`),
    `# yaml-language-server: $schema=${SCHEMA_URL}`,
    toYaml(config, 0),
    '',
  ].join('\n');
}

/** Enough YAML for a starter config (maps, lists, scalars); JSON strings are valid YAML scalars. */
function toYaml(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    return value
      .map((item) => {
        const body = toYaml(item, indent + 2);
        return isBlock(item) ? `${pad}- ${body.trimStart()}` : `${pad}- ${body}`;
      })
      .join('\n');
  }
  if (isMap(value)) {
    return Object.entries(value)
      .map(([key, child]) => {
        const name = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
        return isBlock(child)
          ? `${pad}${name}:\n${toYaml(child, indent + 2)}`
          : `${pad}${name}: ${toYaml(child, 0)}`;
      })
      .join('\n');
  }
  return typeof value === 'string' && /^[\w./@*-]+$/.test(value) && !/^(true|false|null|\d.*)$/.test(value)
    ? value
    : JSON.stringify(value);
}

function isMap(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBlock(value: unknown): boolean {
  return (Array.isArray(value) && value.length > 0) || (isMap(value) && Object.keys(value).length > 0);
}
