/** @glueflow/cli — the `glueflow` command, also callable in-process (tests, wrappers). */
export { run } from './main.js';
export { EXIT } from './exit-codes.js';
export type { ExitCode } from './exit-codes.js';
export type { CliOptions, Env, OutputStream, InputStream } from './context.js';
export type { KeychainStore } from './session/keychain.js';
export { memoryKeychain } from './session/keychain.js';
export { toJsonSummary } from './render/json-summary.js';
export type { JsonSummary } from './render/json-summary.js';
