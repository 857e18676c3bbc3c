/**
 * An IMAP mailbox through imapflow. State (per server, user and mailbox) is the mailbox's UIDVALIDITY,
 * the highest UID seen and the UIDs to retry; a changed UIDVALIDITY means the server renumbered the
 * mailbox, so everything is read again (the write gate keeps that duplicate-free).
 * Flags and moves after import are applied in one command each at commit, never inside a fetch.
 */
import { ImapFlow } from 'imapflow';
import type { MailboxLockObject } from 'imapflow';
import { isLoopbackHost } from '@glueflow/core';
import type { NamedValuesOf, JsonValue } from '@glueflow/core';
import { emailError } from '../errors.js';
import type { MailSource, MessageOutcome, RawMessage } from './source-types.js';

export interface ImapSourceOptions {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
  afterImport?: { flag?: string; moveTo?: string };
  bookmarks: NamedValuesOf<JsonValue>;
  /** Larger messages (by the server's RFC822.SIZE) are not fetched. */
  maxMessageBytes: number;
  /** Seconds to wait for the server before giving up (connect, greeting, each command). */
  timeoutSeconds?: number;
}

interface ImapBookmark {
  uidValidity: string;
  lastUid: number;
  retry: number[];
  [key: string]: JsonValue;
}

/** Retried messages are capped so a mailbox of broken messages cannot grow the state without bound. */
const MAX_RETRY = 1000;

export function imapSource(options: ImapSourceOptions): MailSource {
  const key = `imap:${options.user}@${options.host}:${options.port}/${options.mailbox}`;
  const outcomes = new Map<number, MessageOutcome>();
  let client: ImapFlow | undefined;
  let lock: MailboxLockObject | undefined;
  let next: ImapBookmark | undefined;

  async function open(): Promise<ImapFlow> {
    const timeout = (options.timeoutSeconds ?? 60) * 1000;
    const imap = new ImapFlow({
      host: options.host,
      port: options.port,
      secure: options.secure,
      // Never send the password in clear text to another machine: STARTTLS is required there.
      ...(options.secure || isLoopbackHost(options.host) ? {} : { doSTARTTLS: true }),
      auth: { user: options.user, pass: options.password },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    imap.on('error', () => {}); // surfaced through the failing command instead
    try {
      await imap.connect();
    } catch (error) {
      const failure = error as { authenticationFailed?: boolean; code?: string; message?: string };
      if (failure.authenticationFailed)
        throw emailError('EEMAIL_IMAP_AUTH', { host: options.host, user: options.user });
      throw emailError('EEMAIL_IMAP_CONNECT', {
        host: options.host,
        port: options.port,
        reason: failure.code ?? failure.message ?? String(error),
      });
    }
    return imap;
  }

  return {
    label: `imap ${options.host}/${options.mailbox}`,
    async *messages(signal) {
      client = await open();
      try {
        lock = await client.getMailboxLock(options.mailbox);
      } catch (error) {
        throw emailError('EEMAIL_IMAP_MAILBOX', {
          mailbox: options.mailbox,
          reason: (error as { responseText?: string }).responseText ?? (error as Error).message,
        });
      }
      const box = client.mailbox;
      const uidValidity = box ? String(box.uidValidity) : '0';
      const saved = await options.bookmarks.get<ImapBookmark>(key);
      const previous = saved && saved.uidValidity === uidValidity ? saved : undefined;
      const lastUid = previous?.lastUid ?? 0;
      // `N:*` always matches the newest message, even when its UID is below N: filter again.
      const fresh = ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || []).filter(
        (uid) => uid > lastUid,
      );
      const retry = previous?.retry ?? [];
      next = { uidValidity, lastUid: Math.max(lastUid, ...fresh), retry: [] };
      const sizes = await sizesOf(client, [...retry, ...fresh]);
      for (const uid of [...retry, ...fresh]) {
        if (signal.aborted) break;
        const size = sizes.get(uid);
        if (size !== undefined && size > options.maxMessageBytes) {
          // Not fetched: imapflow would hold the whole literal in memory.
          yield { where: `imap:${options.mailbox}/${uid}`, raw: new Uint8Array(), tooLarge: size };
          continue;
        }
        const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        if (!message || !message.source) continue; // deleted meanwhile
        yield { where: `imap:${options.mailbox}/${uid}`, raw: message.source } satisfies RawMessage;
      }
      // Messages not reached (cancelled run) are read again next time.
      if (signal.aborted) {
        const reached = new Set(outcomes.keys());
        next.lastUid = lastUid;
        next.retry = retry.filter((uid) => !reached.has(uid));
      }
    },
    settle(message, outcome) {
      outcomes.set(uidOf(message), outcome);
    },
    async commit() {
      if (!client || !next) return;
      const imported = [...outcomes].filter(([, o]) => o === 'imported').map(([uid]) => uid);
      const retry = [...outcomes].filter(([, o]) => o === 'retry').map(([uid]) => uid);
      next.retry = [...new Set([...next.retry, ...retry])].slice(-MAX_RETRY);
      if (imported.length > 0 && options.afterImport?.flag)
        await client.messageFlagsAdd(imported.join(','), [options.afterImport.flag], { uid: true });
      if (imported.length > 0 && options.afterImport?.moveTo)
        await client.messageMove(imported.join(','), options.afterImport.moveTo, { uid: true });
      await options.bookmarks.set(key, next);
    },
    async close() {
      lock?.release();
      lock = undefined;
      const imap = client;
      client = undefined;
      if (imap) await imap.logout().catch(() => imap.close());
    },
  };
}

/** RFC822.SIZE of each message, in one UID FETCH per 500 UIDs (a deleted message has none). */
async function sizesOf(client: ImapFlow, uids: number[]): Promise<Map<number, number>> {
  const sizes = new Map<number, number>();
  for (let at = 0; at < uids.length; at += 500) {
    const batch = uids.slice(at, at + 500);
    for await (const message of client.fetch(uidSet(batch), { uid: true, size: true }, { uid: true }))
      if (message.size !== undefined) sizes.set(message.uid, message.size);
  }
  return sizes;
}

/** `1:4,7,9:10`: consecutive UIDs as ranges, so a batch stays a short command line. */
export function uidSet(uids: number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    ranges.push(i === j ? String(sorted[i]) : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join(',');
}

function uidOf(message: RawMessage): number {
  return Number(message.where.slice(message.where.lastIndexOf('/') + 1));
}
