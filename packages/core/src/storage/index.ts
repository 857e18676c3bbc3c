export {
  GlueflowStorage,
  deleteStorageFiles,
  type StorageOptions,
  type SqlValue,
} from './glueflow-storage.js';
export { resolveStorageFile, type StorageLocation, type Env } from './storage-path.js';
