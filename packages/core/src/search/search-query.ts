/**
 * A user's query as FTS5 reads it, and FTS5's complaints as ESEARCH_QUERY. The query goes to MATCH
 * as a bound parameter (never spliced into SQL), so the worst a hostile query can do is fail to parse.
 */
import { createError } from '../errors/catalogue.js';
import type { GlueflowError } from '../errors/index.js';

export const MAX_QUERY_CHARS = 1000;

/** The query, trimmed, or ESEARCH_QUERY when it is empty or too long. */
export function checkQuery(query: string): string {
  const text = typeof query === 'string' ? query.trim() : '';
  if (text === '') throw queryError(String(query ?? ''), 'the query is empty');
  if (text.length > MAX_QUERY_CHARS)
    throw queryError(text.slice(0, 80) + '…', `it is longer than ${MAX_QUERY_CHARS} characters`);
  if (!bracketsPair(text)) throw queryError(text, 'its brackets "(" and ")" do not pair up');
  return text;
}

/** Outside double quotes every ")" closes an earlier "(" and none stays open. */
function bracketsPair(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') depth++;
    else if (!quoted && char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** ESEARCH_QUERY for an FTS5 parse failure; undefined for any other error (it is not the query's fault). */
export function queryErrorOf(error: unknown, query: string): GlueflowError | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'SQLITE_ERROR' || typeof message !== 'string') return undefined;
  const reason = message.replace(/^SQLITE_ERROR:\s*/, '');
  const detail = explain(reason);
  return detail === undefined ? undefined : queryError(query, detail, error);
}

function explain(reason: string): string | undefined {
  if (reason === 'unterminated string') return 'a double quote is not closed';
  const column = /^no such column: (.*)$/.exec(reason);
  if (column) {
    return `FTS5 read "${column[1]}" as a field name (a word after "-" or before ":"); the fields are name, body, traits and sections`;
  }
  if (reason.startsWith('unknown special query')) return 'a lone "*" or "^" is not a query';
  const near = /^fts5: syntax error near "(.*)"$/s.exec(reason);
  if (near) {
    return near[1] === ''
      ? 'the query ends where FTS5 expects a word (after AND, OR, NOT, NEAR, "(" or a field name)'
      : `FTS5 cannot read it near "${near[1]}"`;
  }
  if (reason.startsWith('fts5:')) return reason.slice('fts5:'.length).trim();
  return undefined;
}

function queryError(query: string, detail: string, cause?: unknown): GlueflowError {
  return createError(
    'ESEARCH_QUERY',
    { query, detail },
    { where: 'glueflow search', ...(cause ? { cause } : {}) },
  );
}
