import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@glueflow/*/src/*', '@glueflow/core/internal/*'],
              message: 'Import the package entry, never its internals.',
            },
          ],
        },
      ],
    },
  },
  {
    // The client package stands alone (an MSP script installs it without the engine): it may not
    // reach into core, the CLI or the plugins.
    files: ['packages/itglue/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@glueflow/*/src/*', '@glueflow/core/internal/*'],
              message: 'Import the package entry, never its internals.',
            },
            {
              group: [
                '@glueflow/core',
                '@glueflow/core/*',
                '@glueflow/cli',
                '@glueflow/plugin-*',
                '@glueflow/testkit',
                '**/core/src/**',
              ],
              message:
                '@glueflow/itglue stands alone: it may import only its own files (and the emulator in tests).',
            },
          ],
        },
      ],
    },
  },
);
