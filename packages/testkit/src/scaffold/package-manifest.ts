/** The package.json of a scaffolded plugin: ESM exports, core as a peer, the testkit for its tests. */
import type { PluginName } from './plugin-name.js';

/**
 * Tool versions a new plugin starts with: the ones this repository builds and tests with, so a
 * scaffold is known to build and pass its test (the scaffold's own test checks exactly that).
 */
export const TOOL_VERSIONS = {
  '@jest/globals': '^30.2.0',
  '@swc/core': '^1.15.0',
  '@swc/jest': '^0.2.39',
  '@types/node': '^20.19.0',
  jest: '^30.2.0',
  typescript: '~5.9.3',
  zod: '^4.6.7',
} as const;

export interface ManifestVersions {
  /** The @glueflow/core release the plugin is written against (peer range `^<version>`). */
  core: string;
  /** The @glueflow/testkit release for its tests. */
  testkit: string;
  /**
   * `file:` specs of locally packed `@glueflow/*` tarballs (`--from-tarballs`): the plugin's own
   * `@glueflow/*` devDependencies use them, and npm `overrides` send every other `@glueflow/*` package
   * there too, so nothing Glueflow is fetched from the registry.
   */
  local?: Record<string, string>;
}

export function pluginManifest(name: PluginName, versions: ManifestVersions): Record<string, unknown> {
  return {
    name: name.packageName,
    version: '0.1.0',
    description: 'A Glueflow plugin: writes people as IT Glue contacts, logs organization changes',
    keywords: ['glueflow', 'glueflow-plugin', 'itglue'],
    license: 'MIT',
    type: 'module',
    exports: {
      '.': { types: './dist/index.d.ts', import: './dist/index.js' },
      './package.json': './package.json',
    },
    main: './dist/index.js',
    types: './dist/index.d.ts',
    files: ['dist', '!dist/**/*.test.*'],
    engines: { node: '>=20.19' },
    scripts: {
      build: 'tsc -p tsconfig.json',
      test: 'node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js',
      prepublishOnly: 'npm run build && npm test',
    },
    dependencies: { zod: TOOL_VERSIONS.zod },
    peerDependencies: { '@glueflow/core': `^${versions.core}` },
    devDependencies: {
      '@glueflow/core': versions.local?.['@glueflow/core'] ?? `^${versions.core}`,
      '@glueflow/testkit': versions.local?.['@glueflow/testkit'] ?? `^${versions.testkit}`,
      '@jest/globals': TOOL_VERSIONS['@jest/globals'],
      '@swc/core': TOOL_VERSIONS['@swc/core'],
      '@swc/jest': TOOL_VERSIONS['@swc/jest'],
      '@types/node': TOOL_VERSIONS['@types/node'],
      jest: TOOL_VERSIONS.jest,
      typescript: TOOL_VERSIONS.typescript,
    },
    ...(versions.local ? { overrides: versions.local } : {}),
    ...(name.scope ? { publishConfig: { access: 'public' } } : {}),
  };
}
