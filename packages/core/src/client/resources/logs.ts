/**
 * The account activity log. IT Glue serves at most 5 pages per query and wants `created_at` ranges
 * of a week at most, so `list` walks the requested span in week-long windows, and inside a window
 * slides the range start to the last timestamp seen whenever 5 pages were not enough — skipping
 * the records at that boundary it already yielded.
 */
import { LogModel } from '../models/assets.js';
import type { Log } from '../models/assets.js';
import { paginate } from '../paginate.js';
import { isoSeconds } from '../query.js';
import type { CallOptions, Transport } from '../transport.js';
import { ResourceBase } from './resource-base.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;
const MAX_LOG_PAGES = 5;

export interface LogListParams extends CallOptions {
  /** Default: a week before `until`. IT Glue keeps 30 days. */
  since?: Date;
  /** Default: now. */
  until?: Date;
  pageSize?: number;
}

export class Logs extends ResourceBase<Log> {
  constructor(
    transport: Transport,
    private readonly now: () => number = Date.now,
  ) {
    super(transport, 'logs', LogModel);
  }

  async *list(params: LogListParams = {}): AsyncGenerator<Log, void, undefined> {
    const { since, until, pageSize = 1000, ...call } = params;
    const end = (until ?? new Date(this.now())).getTime();
    let windowStart = (since ?? new Date(end - WEEK_MS)).getTime();
    while (windowStart < end) {
      const windowEnd = Math.min(end, windowStart + WEEK_MS);
      yield* this.window(windowStart, windowEnd, pageSize, call);
      windowStart = windowEnd;
    }
  }

  private async *window(start: number, end: number, pageSize: number, call: CallOptions): AsyncGenerator<Log> {
    let from = start;
    let boundary = { at: '', ids: new Set<string>() };
    for (;;) {
      let count = 0;
      const pages = paginate(this.transport, {
        ...call,
        path: '/logs',
        model: LogModel,
        pageSize,
        maxPages: MAX_LOG_PAGES,
        query: { 'filter[created_at]': `${isoSeconds(new Date(from))},${isoSeconds(new Date(end))}`, sort: 'created_at' },
      });
      let lastAt = '';
      const seenAtLast = new Set<string>();
      for await (const log of pages) {
        count++;
        const at = log.createdAt ?? '';
        if (at === boundary.at && boundary.ids.has(log.id)) continue;
        if (at !== lastAt) {
          lastAt = at;
          seenAtLast.clear();
        }
        seenAtLast.add(log.id);
        yield log;
      }
      const exhausted = count < MAX_LOG_PAGES * Math.min(pageSize, 1000);
      const next = Date.parse(lastAt);
      if (exhausted || Number.isNaN(next) || next < from) return;
      // Five full pages: continue from the last timestamp, remembering what was yielded at it.
      if (lastAt === boundary.at) for (const id of boundary.ids) seenAtLast.add(id);
      boundary = { at: lastAt, ids: seenAtLast };
      from = next;
    }
  }
}
