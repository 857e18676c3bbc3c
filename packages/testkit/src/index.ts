/** @glueflow/testkit — test a Glueflow plugin against an in-process IT Glue emulator. */
export { createTestEngine, TestEngine } from './test-engine.js';
export type { AnswerRewrite } from './answer-rewriter.js';
export type {
  CreateTestEngineOptions,
  TestPlugin,
  TestStep,
  RecordedEvent,
  LogLine,
  RunStepOptions,
  EmittableEventLike,
} from './test-engine.js';
export { scaffoldPlugin, parsePluginName, PLUGIN_PREFIX } from './scaffold/index.js';
export type { ScaffoldPluginOptions, ScaffoldedPlugin, PluginName } from './scaffold/index.js';
export { unlistedErrorCodes } from './error-codes.js';
export type { UnlistedCode } from './error-codes.js';
export { startRedisServer, redisServerAvailable } from './redis-server.js';
export type { RedisServerOptions, RunningRedis } from './redis-server.js';
export { waitFor } from './wait-for.js';
