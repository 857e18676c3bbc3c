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
import { RedisRateBudgetStore } from './redis-store.js';
import { SqliteRateBudgetStore } from './sqlite-store.js';
import type { RateBudgetStore } from './types.js';

export const BUDGET_FILE = 'rate-budget.sqlite';

/** The id a key is stored under: a sha256 prefix, so the file never holds the key. */
export function keyIdOf(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 24);
}

interface SharedStoreEntry {
  store: Promise<RateBudgetStore>;
  refs: number;
}

interface BudgetEntry {
  budget: RateBudget;
  refs: number;
}

/** One store per SQLite file or Redis URL per process, closed with its last client. */
const sharedStores = new Map<string, SharedStoreEntry>();
const budgets = new WeakMap<object, Map<string, BudgetEntry>>();

export interface SharedBudgetOptions extends Omit<RateBudgetOptions, 'store' | 'keyId'> {
  apiKey: string;
  /** Folder holding rate-budget.sqlite (GLUEFLOW_HOME); ignored when `store` is given. */
  home?: string;
  /** A custom store; budgets are then shared per store object. */
  store?: RateBudgetStore;
  /** Redis URL: the budget lives there (shared across machines); ignored when `store` is given. */
  redisUrl?: string;
}

export interface SharedBudget {
  budget: RateBudget;
  release(): Promise<void>;
}

export async function openSharedBudget(options: SharedBudgetOptions): Promise<SharedBudget> {
  const { apiKey, home, store: customStore, redisUrl, ...budgetOptions } = options;
  const keyId = keyIdOf(apiKey);
  let store: RateBudgetStore;
  let releaseStore: () => Promise<void> = async () => {};
  if (customStore) {
    store = customStore;
  } else {
    if (!home && !redisUrl) throw new TypeError('openSharedBudget needs `home`, `redisUrl` or `store`');
    const where = redisUrl ?? path.resolve(home!, BUDGET_FILE);
    let entry = sharedStores.get(where);
    if (!entry) {
      const opening: Promise<RateBudgetStore> = redisUrl
        ? RedisRateBudgetStore.connect(redisUrl)
        : SqliteRateBudgetStore.open(where);
      entry = { store: opening, refs: 0 };
      sharedStores.set(where, entry);
      entry.store.catch(() => sharedStores.delete(where));
    }
    const owned = entry;
    owned.refs++;
    store = await owned.store;
    releaseStore = async () => {
      if (--owned.refs === 0) {
        sharedStores.delete(where);
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
