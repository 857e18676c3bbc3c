export {
  GlueflowStorage,
  deleteStorageFiles,
  type StorageOptions,
  type SqlValue,
} from './glueflow-storage.js';
export { instanceFile, resolveStorageFile, type StorageLocation, type Env } from './storage-path.js';
export { redisUrlOf, REDIS_URL_ENV, type RedisUrlSources } from './redis-url.js';
