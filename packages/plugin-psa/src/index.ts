export * from './provider/types.js';
export { getPsaHooks, PsaProviderRegistry, BUILT_IN_PROVIDERS } from './provider/registry.js';
