/**
 * A time limit on synchronous work (parsing one file). Parsing cannot be interrupted from JavaScript,
 * and a worker thread would have to ship the whole tree back; node:vm's `timeout` can: V8 terminates
 * whatever runs when the time is up, including functions of this realm that the script calls, and
 * `runInContext` throws ERR_SCRIPT_EXECUTION_TIMEOUT. The work must keep no state that a termination
 * could leave half-written: the frozen processors build fresh parser state on every call.
 */
import vm from 'node:vm';

const script = new vm.Script('work()', { filename: 'glueflow-markdown-time-budget' });
/** One context for every call: creating a V8 context costs about a millisecond. */
let context: vm.Context | undefined;

export class TimeBudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`took longer than ${budgetMs} ms`);
    this.name = 'TimeBudgetExceeded';
  }
}

/** `work()`, or TimeBudgetExceeded when it runs longer than `budgetMs` (wall clock). */
export function withinTime<T>(budgetMs: number, work: () => T): T {
  const ms = Math.max(1, Math.floor(budgetMs));
  context ??= vm.createContext({ work: undefined });
  context.work = work;
  try {
    return script.runInContext(context, { timeout: ms }) as T;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      throw new TimeBudgetExceeded(ms);
    throw error;
  } finally {
    context.work = undefined;
  }
}

/** A stack overflow (deep nesting the pre-scan did not see), from whichever realm threw it. */
export function isStackOverflow(error: unknown): boolean {
  return (
    (error as { name?: unknown })?.name === 'RangeError' &&
    /call stack/i.test(String((error as { message?: unknown }).message))
  );
}
