/**
 * Bounded-concurrency iteration over items (sync or async iterables) with backpressure: at most
 * `concurrency` items are in flight and the source is pulled only as workers free up, so a step
 * streaming 100,000 records keeps constant memory. A pool of pullers is simpler than a queue here
 * because the source is lazy; p-queue would need every item enqueued up front.
 */
export async function forEachBounded<T>(
  items: Iterable<T> | AsyncIterable<T>,
  concurrency: number,
  fn: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const iterator =
    Symbol.asyncIterator in items
      ? (items as AsyncIterable<T>)[Symbol.asyncIterator]()
      : (items as Iterable<T>)[Symbol.iterator]();
  let done = false;
  // Pulls are serialised so two workers never call next() concurrently on one iterator.
  let pulling: Promise<unknown> = Promise.resolve();
  const next = (): Promise<IteratorResult<T>> => {
    const result = pulling.then(() => iterator.next());
    pulling = result.catch(() => undefined);
    return result;
  };
  const worker = async () => {
    while (!done && !signal?.aborted) {
      const result = await next();
      if (result.done) {
        done = true;
        return;
      }
      await fn(result.value);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}
