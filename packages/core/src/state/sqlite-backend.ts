import type { GlueflowStorage } from '../storage/glueflow-storage.js';
import { ScopedRecords } from './scoped-records.js';
import type { StateBackend, StateRecords } from './state-backend.js';

/** The default backend: records in the instance's SQLite file; `atomic` is one IMMEDIATE transaction. */
export function sqliteBackend(storage: GlueflowStorage, clock: () => number): StateBackend {
  return {
    where: storage.file,
    records: <Value>(ns: string, scope: string): StateRecords<Value> =>
      new ScopedRecords<Value>(storage, ns, scope, clock),
    atomic: (fn) => storage.write(fn),
  };
}
