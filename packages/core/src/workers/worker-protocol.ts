/** What a worker pool and its workers say to each other (worker-pool.ts, worker-side.ts). */

/** An error as it crosses a thread: its class is lost, so its name, message and own fields travel. */
export interface SerializedError {
  name: string;
  message: string;
  /** Own enumerable fields that survive structured cloning (code, place, hint …). */
  fields: Record<string, unknown>;
}

export interface WorkerJob<Input> {
  id: number;
  input: Input;
}

export type WorkerAnswer<Output> = { id: number; output: Output } | { id: number; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === 'function') continue;
    try {
      structuredClone(value);
      fields[key] = value;
    } catch {
      // not cloneable (a socket, a class instance with functions): left behind
    }
  }
  return { name: error.name, message: error.message, fields };
}
