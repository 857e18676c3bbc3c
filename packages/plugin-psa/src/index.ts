/** @glueflow/plugin-psa — the curated public API. */
export { psaPlugin as default, psaPlugin, PLUGIN_NAME } from './plugin.js';
export type {
  PsaAddress,
  PsaCompany,
  PsaContact,
  PsaProvider,
  PsaProviderFactory,
  ProviderEnvironment,
  ListOptions,
} from './provider/types.js';
export { definePsaProvider } from './provider/types.js';
export { getPsaHooks, PsaProviderRegistry, BUILT_IN_PROVIDERS } from './provider/registry.js';
export type { PsaHooks } from './provider/registry.js';
export { createPsaHttp } from './provider/http.js';
export type { PsaHttp, PsaHttpOptions, PsaRequest, RateLimit, HttpTuning } from './provider/http.js';
export { secureUrl, httpTuningSchema } from './provider/connection.js';
export { normalizeName } from './sync/normalize-name.js';
export { MATCH_STRATEGIES } from './sync/options.js';
export type { MatchStrategy, PluginOptions, SyncStepOptions } from './sync/options.js';
export { psaErrors } from './errors.js';
export type { PsaErrorCode } from './errors.js';
