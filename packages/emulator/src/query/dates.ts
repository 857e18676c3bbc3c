import { ruleViolation } from '../errors.js';

export const WEEK_RULE_MESSAGE =
  'date range filter cannot be longer than a week, and cannot start with a wildcard';
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface DateRange {
  start: number;
  end: number;
}

/**
 * `start,end` with `*` for an open end; a date without time covers the whole day. With the week
 * rule (organizations, logs) a span over 7 days or a leading `*` is a 422, as IT Glue answers.
 */
export function parseDateRange(raw: string, weekRule: boolean, now: number): DateRange {
  const [startText = '', endText = '*'] = raw.split(',').map((part) => part.trim());
  if (startText === '*' || startText === '') {
    if (weekRule) throw ruleViolation(WEEK_RULE_MESSAGE);
  }
  const start = startText === '*' || startText === '' ? -Infinity : parseBound(startText, 'start');
  const end = endText === '*' || endText === '' ? Infinity : parseBound(endText, 'end');
  if (weekRule && (Number.isFinite(end) ? end : now) - start > WEEK_MS)
    throw ruleViolation(WEEK_RULE_MESSAGE);
  return { start, end };
}

function parseBound(text: string, side: 'start' | 'end'): number {
  const ms = Date.parse(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) throw ruleViolation(`invalid date in range filter: ${text}`);
  return DATE_ONLY.test(text) && side === 'end' ? ms + 24 * 60 * 60 * 1000 - 1 : ms;
}
