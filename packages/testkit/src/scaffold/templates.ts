/**
 * The files of a new plugin, from `templates/plugin/` (real files, so the generated code reads as code):
 * `{{placeholder}}`s are filled in and a `.tpl` suffix dropped. `gitignore.tpl` becomes `.gitignore`
 * (npm would drop a file named `.gitignore` from this package when it is published).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { PluginName } from './plugin-name.js';

/** Same depth from `src/scaffold/` and `dist/scaffold/`. */
const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/plugin/', import.meta.url));

/** Template file → path in the new package. */
export const TEMPLATE_FILES: Record<string, string> = {
  'src/index.ts.tpl': 'src/index.ts',
  'src/index.test.ts.tpl': 'src/index.test.ts',
  'README.md.tpl': 'README.md',
  'tsconfig.json.tpl': 'tsconfig.json',
  'jest.config.js.tpl': 'jest.config.js',
  'gitignore.tpl': '.gitignore',
};

export type TemplateValues = Record<string, string>;

export function templateValues(name: PluginName): TemplateValues {
  return {
    packageName: name.packageName,
    shortName: name.shortName,
    configName: name.configName,
    directoryName: name.directoryName,
    /** `teams-notify` → `TEAMS_NOTIFY`, for the plugin's error codes (`ETEAMS_NOTIFY_…`). */
    errorPrefix: name.shortName.toUpperCase().replace(/-/g, '_'),
  };
}

/** Fills `{{key}}`; a placeholder without a value is a bug in the template, so it throws. */
export function fill(template: string, values: TemplateValues, file: string): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`template ${file} uses {{${key}}}, which has no value`);
    return value;
  });
}

export async function renderTemplates(values: TemplateValues): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [template, target] of Object.entries(TEMPLATE_FILES)) {
    out[target] = fill(await readFile(TEMPLATE_DIR + template, 'utf8'), values, template);
  }
  return out;
}
