/**
 * The process-wide registry that makes "one budget per API key" true inside a process: every
 * client opened with the same key and store gets the same RateBudget object (and so the same
 * priority queue); the SQLite file makes it true across processes. Reference-counted, so the
 * store closes when the last client using it closes.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { RateBudget } from './rate-budget.js';
import type { RateBudgetOptions } from './rate-budget.js';
import { SqliteRateBudgetStore } from './sqlite-store.js';
import type { RateBudgetStore } from './types.js';

export const BUDGET_FILE = 'rate-budget.sqlite';

/** The id a key is stored under: a sha256 prefix, so the file never holds the key. */
export function keyIdOf(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 24);
}

interface FileStoreEntry {
  store: Promise<SqliteRateBudgetStore>;
  refs: number;
}

interface BudgetEntry {
  budget: RateBudget;
  refs: number;
}

const fileStores = new Map<string, FileStoreEntry>();
const budgets = new WeakMap<object, Map<string, BudgetEntry>>();

export interface SharedBudgetOptions extends Omit<RateBudgetOptions, 'store' | 'keyId'> {
  apiKey: string;
  /** Folder holding rate-budget.sqlite (GLUEFLOW_HOME); ignored when `store` is given. */
  home?: string;
  /** A custom store (e.g. Redis); budgets are then shared per store object. */
  store?: RateBudgetStore;
}

export interface SharedBudget {
  budget: RateBudget;
  release(): Promise<void>;
}

export async function openSharedBudget(options: SharedBudgetOptions): Promise<SharedBudget> {
  const { apiKey, home, store: customStore, ...budgetOptions } = options;
  const keyId = keyIdOf(apiKey);
  let store: RateBudgetStore;
  let releaseStore: () => Promise<void> = async () => {};
  if (customStore) {
    store = customStore;
  } else {
    if (!home) throw new TypeError('openSharedBudget needs `home` or `store`');
    const file = path.resolve(home, BUDGET_FILE);
    let entry = fileStores.get(file);
    if (!entry) {
      entry = { store: SqliteRateBudgetStore.open(file), refs: 0 };
      fileStores.set(file, entry);
      entry.store.catch(() => fileStores.delete(file));
    }
    const owned = entry;
    owned.refs++;
    store = await owned.store;
    releaseStore = async () => {
      if (--owned.refs === 0) {
        fileStores.delete(file);
        await store.close();
      }
    };
  }
  let perStore = budgets.get(store);
  if (!perStore) budgets.set(store, (perStore = new Map()));
  let entry = perStore.get(keyId);
  if (!entry) {
    entry = { budget: new RateBudget({ ...budgetOptions, store, keyId }), refs: 0 };
    perStore.set(keyId, entry);
  }
  const shared = entry;
  shared.refs++;
  let released = false;
  return {
    budget: shared.budget,
    release: async () => {
      if (released) return;
      released = true;
      if (--shared.refs === 0) perStore.delete(keyId);
      await releaseStore();
    },
  };
}
