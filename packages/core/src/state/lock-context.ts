/**
 * Which run locks the current async call chain holds, outermost first. `Runtime.#locked` runs a
 * pipeline inside `whileHolding(lock, …)`; with a shared (Redis) state each item's writes run inside
 * `whileHolding(itemLock, …)` too (writes/facade.ts). Below them, every IT Glue write asks
 * `assertLockHeld()` right before it is sent, and the Redis state store fences its commits with every
 * held lock's token (redis/redis-commit.ts).
 * An AsyncLocalStorage rather than a parameter: the lock is per run while the gate, the journal and the
 * mappings are built once per runtime, and two pipelines may run at once in one process (`serve`) —
 * each call chain sees its own lock and nothing else.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createError } from '../errors/index.js';
import type { HeldRunLock } from './run-lock.js';

const held = new AsyncLocalStorage<readonly HeldRunLock[]>();

/** Runs `fn` holding `lock` on top of the locks the call chain already holds. */
export function whileHolding<T>(lock: HeldRunLock, fn: () => Promise<T>): Promise<T> {
  return held.run([...heldLocks(), lock], fn);
}

/** The run locks this call chain holds, outermost first (none in dry runs and watch polls). */
export function heldLocks(): readonly HeldRunLock[] {
  return held.getStore() ?? [];
}

/** ESTATE_LOCK_LOST when a lock of the call chain was lost (expired and taken by another process). */
export async function assertLockHeld(): Promise<void> {
  for (const lock of heldLocks()) if (!(await lock.stillHeld())) throw lockLost(lock);
}

export function lockLost(lock: HeldRunLock) {
  return createError('ESTATE_LOCK_LOST', {
    lock: lock.name,
    ...(lock.fence ? { token: lock.fence.token } : {}),
  });
}
