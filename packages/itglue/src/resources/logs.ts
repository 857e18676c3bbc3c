/**
 * The account activity log. IT Glue serves at most 5 pages per query and wants `created_at` ranges
 * of a week at most (second precision), so `list` walks the requested span in week-long windows,
 * and inside a window slides the range start to the second of the last record seen whenever 5
 * pages were not enough — skipping the records of that second it already yielded.
 */
import { LogModel } from '../models/assets.js';
import type { Log } from '../models/assets.js';
import { paginate } from '../paginate.js';
import { isoSeconds } from '../query.js';
import type { CallOptions, Transport } from '../transport.js';
import { ResourceBase } from './resource-base.js';

const SECOND = 1000;
const WEEK_SECONDS = 7 * 24 * 3600;
const MAX_LOG_PAGES = 5;

export interface LogListParams extends CallOptions {
  /** Default: a week before `until`. IT Glue keeps 30 days. */
  since?: Date;
  /** Default: now. */
  until?: Date;
  /** Default 1000. */
  pageSize?: number;
}

export class Logs extends ResourceBase<Log> {
  constructor(
    transport: Transport,
    private readonly now: () => number = Date.now,
  ) {
    super(transport, 'logs', LogModel);
  }

  /** Oldest first. */
  async *list(params: LogListParams = {}): AsyncGenerator<Log, void, undefined> {
    const { since, until, pageSize = 1000, ...call } = params;
    const endSecond = Math.ceil((until?.getTime() ?? this.now()) / SECOND);
    let windowStart = Math.floor((since?.getTime() ?? (endSecond - WEEK_SECONDS) * SECOND) / SECOND);
    while (windowStart <= endSecond) {
      // Inclusive second ranges: the next window starts one second after this one ends.
      const windowEnd = Math.min(endSecond, windowStart + WEEK_SECONDS - 1);
      yield* this.window(windowStart, windowEnd, Math.min(pageSize, 1000), call);
      windowStart = windowEnd + 1;
    }
  }

  private async *window(
    startSecond: number,
    endSecond: number,
    pageSize: number,
    call: CallOptions,
  ): AsyncGenerator<Log> {
    let from = startSecond;
    let skip = new Set<string>();
    for (;;) {
      // Entries IT Glue served (skipped ones included): five full pages mean there may be more.
      let count = 0;
      let lastSecond = from;
      let yieldedAtLast = new Set<string>();
      const records = paginate(this.transport, {
        ...call,
        path: '/logs',
        model: LogModel,
        pageSize,
        maxPages: MAX_LOG_PAGES,
        skipUnusableRecords: true,
        onPage: (page) => {
          count += page.records;
        },
        query: {
          'filter[created_at]': `${isoSeconds(new Date(from * SECOND))},${isoSeconds(new Date(endSecond * SECOND))}`,
          sort: 'created_at',
        },
      });
      for await (const log of records) {
        const second = Math.floor(Date.parse(log.createdAt ?? '') / SECOND);
        if (skip.has(log.id)) continue;
        if (second !== lastSecond) {
          lastSecond = second;
          yieldedAtLast = new Set();
        }
        yieldedAtLast.add(log.id);
        yield log;
      }
      if (count < MAX_LOG_PAGES * pageSize || Number.isNaN(lastSecond)) return;
      // Five full pages: go on from the last second seen, skipping what that second already gave.
      if (lastSecond === from) {
        if (yieldedAtLast.size === 0) return; // more than 5 pages within one second: nothing more to reach
        for (const id of skip) yieldedAtLast.add(id);
      }
      skip = yieldedAtLast;
      from = lastSecond;
    }
  }
}
