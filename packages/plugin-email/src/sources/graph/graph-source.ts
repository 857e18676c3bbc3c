/**
 * A mail folder through Microsoft Graph's per-folder delta query: the first run pages through every
 * message, later runs ask the saved deltaLink for what changed. An expired link (410 Gone) starts a
 * full resync — the write gate keeps that duplicate-free. Each message is fetched as MIME
 * (`/messages/{id}/$value`), so the one parser serves Graph, IMAP and files alike.
 */
import type { JsonValue, NamedValuesOf } from '@glueflow/core';
import type { MailSource, MessageOutcome, RawMessage } from '../source-types.js';
import { GraphGoneError, GraphTooLargeError, MAX_CONCURRENT_PER_MAILBOX } from './graph-client.js';
import type { GraphClient } from './graph-client.js';
import { isGlueflowError } from '@glueflow/core';

export interface GraphSourceOptions {
  client: GraphClient;
  tenantId: string;
  mailbox: string;
  folder: string;
  bookmarks: NamedValuesOf<JsonValue>;
  /** Tells the run about a notable event (an expired delta link). */
  note(reason: string): void;
  /** Messages per delta page (`Prefer: odata.maxpagesize`). */
  pageSize?: number;
  /** Larger messages are not downloaded past this many bytes. */
  maxMessageBytes: number;
  /**
   * A pushed run (`ctx.targets`): just these message ids, fetched one by one; the delta is neither read
   * nor advanced. A catch-up after missed notifications is a pushed run of the whole step (no targets).
   */
  targets?: readonly string[];
}

/** What a Graph message id looks like (base64 / base64url); anything else is not fetched. */
export const GRAPH_ID = /^[A-Za-z0-9+/=_-]{1,512}$/;

interface GraphBookmark {
  deltaLink: string | null;
  retry: string[];
  [key: string]: JsonValue;
}

interface DeltaPage {
  value?: Array<{ id: string; '@removed'?: unknown }>;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

const MAX_RETRY = 1000;

export function graphSource(options: GraphSourceOptions): MailSource {
  const { client } = options;
  const key = `graph:${options.tenantId}/${options.mailbox}/${options.folder}`;
  const user = `/users/${encodeURIComponent(options.mailbox)}`;
  const outcomes = new Map<string, MessageOutcome>();
  let deltaLink: string | null = null;
  let complete = false;
  let previousRetry: string[] = [];
  const catchUp = !options.targets;
  const named = (options.targets ?? []).filter((id) => GRAPH_ID.test(id));

  async function* ids(startLink: string | null): AsyncGenerator<string> {
    let link =
      startLink ??
      `${user}/mailFolders/${encodeURIComponent(options.folder)}/messages/delta?$select=id,receivedDateTime`;
    const prefer = { prefer: `odata.maxpagesize=${options.pageSize ?? 50}` };
    for (;;) {
      const page = await client.json<DeltaPage>(link, prefer);
      for (const item of page.value ?? []) if (!item['@removed']) yield item.id;
      if (page['@odata.nextLink']) link = page['@odata.nextLink'];
      else {
        deltaLink = page['@odata.deltaLink'] ?? null;
        return;
      }
    }
  }

  /** Message ids to read: the retry list, then the delta (from scratch if the saved link expired). */
  async function* allIds(saved: GraphBookmark | undefined): AsyncGenerator<string> {
    yield* named;
    if (!catchUp) return;
    yield* previousRetry;
    try {
      yield* ids(saved?.deltaLink ?? null);
    } catch (error) {
      if (!(error instanceof GraphGoneError) || !saved?.deltaLink) throw error;
      options.note(
        `the saved Graph delta link of ${options.mailbox}/${options.folder} expired (410 Gone): reading the whole folder again`,
      );
      yield* ids(null);
    }
    complete = true;
  }

  /** Never rejects (it waits in the download window): a failed download is a message that fails alone. */
  async function mime(id: string): Promise<RawMessage | undefined> {
    const where = `graph:${id}`;
    try {
      const path = `${user}/messages/${encodeURIComponent(id)}/$value`;
      return { where, raw: await client.bytes(path, options.maxMessageBytes) };
    } catch (error) {
      if (isGlueflowError(error, 'EEMAIL_GRAPH_NOT_FOUND')) return undefined; // deleted since the delta
      if (error instanceof GraphTooLargeError) return { where, raw: new Uint8Array(), tooLarge: error.bytes };
      return { where, raw: new Uint8Array(), error: error as Error };
    }
  }

  return {
    label: `graph ${options.mailbox}/${options.folder}`,
    async *messages(signal) {
      const saved = await options.bookmarks.get<GraphBookmark>(key);
      previousRetry = catchUp ? (saved?.retry ?? []) : [];
      // Keep up to 4 downloads in flight (Graph's per-mailbox limit; the client enforces it too).
      const window: Array<Promise<RawMessage | undefined>> = [];
      const seen = new Set<string>();
      for await (const id of allIds(saved)) {
        if (signal.aborted) break;
        if (seen.has(id)) continue;
        seen.add(id);
        window.push(mime(id));
        if (window.length >= MAX_CONCURRENT_PER_MAILBOX) {
          const message = await window.shift();
          if (message) yield message;
        }
      }
      while (window.length > 0 && !signal.aborted) {
        const message = await window.shift();
        if (message) yield message;
      }
    },
    settle(message, outcome) {
      outcomes.set(message.where.slice('graph:'.length), outcome);
    },
    async commit() {
      const retry = [...outcomes].filter(([, o]) => o === 'retry').map(([id]) => id);
      if (!catchUp) return keepForRetry(retry);
      const next: GraphBookmark = complete
        ? { deltaLink, retry: retry.slice(-MAX_RETRY) }
        : // An interrupted run keeps the old link and remembers nothing new: the next run repeats.
          {
            deltaLink: (await options.bookmarks.get<GraphBookmark>(key))?.deltaLink ?? null,
            retry: previousRetry,
          };
      await options.bookmarks.set(key, next);
    },
    async close() {},
  };

  /** A pushed run leaves the delta link alone; what failed joins the retry list of the next delta run. */
  async function keepForRetry(retry: string[]): Promise<void> {
    if (retry.length === 0) return;
    const saved = await options.bookmarks.get<GraphBookmark>(key);
    const merged = [...new Set([...(saved?.retry ?? []), ...retry])].slice(-MAX_RETRY);
    await options.bookmarks.set(key, { deltaLink: saved?.deltaLink ?? null, retry: merged });
  }
}
