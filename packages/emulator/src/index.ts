/** @glueflow/emulator — an offline, faithful IT Glue REST API. */
export { startEmulator, BODY_LIMIT_BYTES, DEFAULT_API_KEY } from './server.js';
export { parseFaultSpec } from './faults.js';
export { EmulatorStartError, EmulatorUsageError } from './usage-error.js';
export { RESOURCE_TYPES } from './resources/registry.js';
export { WEEK_RULE_MESSAGE } from './query/dates.js';
export { DEFAULT_RATE_LIMIT } from './rate-limit.js';
export { FAULT_KINDS } from './types.js';
export type { ResourceType } from './resources/types.js';
export type { StoredRecord as EmulatorRecord } from './store/store.js';
export type {
  EmulatorAdmin,
  EmulatorConfigPatch,
  EmulatorOptions,
  EmulatorStats,
  FaultConfig,
  FaultKind,
  FaultRule,
  JsonApiResource,
  RateLimitOptions,
  RetryAfterMode,
  RunningEmulator,
  SeedRequest,
  SeedResult,
  StateDump,
} from './types.js';
export {
  contractExamples,
  contractParams,
  correctedBody,
  framedBody,
  exampleName,
  DOC_TYPOS,
} from './contract/examples.js';
export type { ContractExample, ContractMethod, ContractParams } from './contract/examples.js';
// A loopback server answering with published examples and recording what a client sent (contract tests).
export { startContractServer } from './contract/contract-server.js';
export type { ContractServer, SentRequest } from './contract/contract-server.js';
