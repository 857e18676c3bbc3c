/**
 * Which run lock the current async call chain holds. `Runtime.#locked` runs a pipeline inside
 * `whileHolding(lock, …)`; below it, the write gate asks `assertLockHeld()` right before each IT Glue
 * write, and the Redis state store fences its commits with the lock's token (redis/redis-commit.ts).
 * An AsyncLocalStorage rather than a parameter: the lock is per run while the gate, the journal and the
 * mappings are built once per runtime, and two pipelines may run at once in one process (`serve`) —
 * each call chain sees its own lock and nothing else.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createError } from '../errors/index.js';
import type { HeldRunLock } from './run-lock.js';

const held = new AsyncLocalStorage<HeldRunLock>();

export function whileHolding<T>(lock: HeldRunLock, fn: () => Promise<T>): Promise<T> {
  return held.run(lock, fn);
}

/** The run lock this call chain holds, if any (none in dry runs, watch polls and split batches). */
export function heldLock(): HeldRunLock | undefined {
  return held.getStore();
}

/** ESTATE_LOCK_LOST when the call chain's lock was lost (expired and taken by another process). */
export async function assertLockHeld(): Promise<void> {
  const lock = held.getStore();
  if (lock && !(await lock.stillHeld())) throw lockLost(lock);
}

export function lockLost(lock: HeldRunLock) {
  return createError('ESTATE_LOCK_LOST', {
    lock: lock.name,
    ...(lock.fence ? { token: lock.fence.token } : {}),
  });
}
