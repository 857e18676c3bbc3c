/**
 * A protocol-faithful IMAP4rev1 server (RFC 3501 + UIDPLUS 4315 + MOVE 6851) for the commands imapflow
 * sends while importing: CAPABILITY, LOGIN, LIST, SELECT/EXAMINE, UID SEARCH, UID FETCH (BODY.PEEK[]),
 * UID STORE, UID MOVE, UID COPY, EXPUNGE, CLOSE, NOOP, LOGOUT. Tagged answers, untagged data, literals
 * both ways, response codes (UIDVALIDITY, UIDNEXT, COPYUID, AUTHENTICATIONFAILED, NONEXISTENT) and the
 * `N:*` rule (a range always covers the highest UID) behave as the RFCs say. Plain TCP on 127.0.0.1.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface FakeMessage {
  uid: number;
  flags: Set<string>;
  raw: Buffer;
}

export interface FakeMailbox {
  uidValidity: number;
  uidNext: number;
  messages: FakeMessage[];
}

export interface FakeImapServer {
  port: number;
  mailboxes: Map<string, FakeMailbox>;
  /** Every command received, `TAG COMMAND args` with LOGIN passwords masked. */
  commands: string[];
  /** Adds a message (new UID) to a mailbox, creating the mailbox if needed. */
  deliver(mailbox: string, raw: Buffer | string, flags?: string[]): number;
  /** Renumbers a mailbox (new UIDVALIDITY, UIDs from 1), as a server rebuilding its index does. */
  renumber(mailbox: string): void;
  close(): Promise<void>;
}

const CAPABILITIES = 'IMAP4rev1 UIDPLUS MOVE';

export async function startFakeImapServer(users: Record<string, string>): Promise<FakeImapServer> {
  const mailboxes = new Map<string, FakeMailbox>();
  const commands: string[] = [];
  let validity = 1000;
  const box = (name: string) => {
    const key = name.toUpperCase() === 'INBOX' ? 'INBOX' : name;
    let found = mailboxes.get(key);
    if (!found) mailboxes.set(key, (found = { uidValidity: ++validity, uidNext: 1, messages: [] }));
    return found;
  };
  box('INBOX');
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new Session(socket, users, mailboxes, commands).start();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    mailboxes,
    commands,
    deliver(name, raw, flags = []) {
      const mailbox = box(name);
      const uid = mailbox.uidNext++;
      mailbox.messages.push({
        uid,
        flags: new Set(flags),
        raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw),
      });
      return uid;
    },
    renumber(name) {
      const mailbox = box(name);
      mailbox.uidValidity = ++validity;
      mailbox.messages.forEach((message, i) => (message.uid = i + 1));
      mailbox.uidNext = mailbox.messages.length + 1;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Token = string | Buffer | Token[];

class Session {
  #buffer = Buffer.alloc(0);
  #pending: { need: number; parts: Buffer[] } | undefined;
  #line: Buffer[] = [];
  #user: string | undefined;
  #selected: { name: string; mailbox: FakeMailbox; readOnly: boolean } | undefined;

  constructor(
    private readonly socket: net.Socket,
    private readonly users: Record<string, string>,
    private readonly mailboxes: Map<string, FakeMailbox>,
    private readonly log: string[],
  ) {}

  start(): void {
    this.socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    this.socket.on('error', () => {});
    this.#send(`* OK [CAPABILITY ${CAPABILITIES}] fake IMAP ready\r\n`);
  }

  #send(text: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }

  /** Splits input into command lines, collecting `{n}` literals (with a continuation request). */
  #receive(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      if (this.#pending) {
        if (this.#buffer.length < this.#pending.need) return;
        this.#line.push(this.#buffer.subarray(0, this.#pending.need));
        this.#buffer = this.#buffer.subarray(this.#pending.need);
        this.#pending = undefined;
        continue;
      }
      const end = this.#buffer.indexOf('\r\n');
      if (end === -1) return;
      const line = this.#buffer.subarray(0, end);
      this.#buffer = this.#buffer.subarray(end + 2);
      const literal = /\{(\d+)(\+?)\}$/.exec(line.toString('latin1'));
      if (literal) {
        this.#line.push(line, Buffer.from('\r\n'));
        this.#pending = { need: Number(literal[1]), parts: [] };
        if (!literal[2]) this.#send('+ Ready for literal data\r\n');
        continue;
      }
      this.#line.push(line);
      const full = Buffer.concat(this.#line);
      this.#line = [];
      this.#command(full);
    }
  }

  #command(line: Buffer): void {
    let tokens: Token[];
    try {
      tokens = tokenize(line);
    } catch {
      this.#send('* BAD Could not parse command\r\n');
      return;
    }
    const tag = String(tokens[0] ?? '*');
    let name = String(tokens[1] ?? '').toUpperCase();
    let args = tokens.slice(2);
    let uid = false;
    if (name === 'UID') {
      uid = true;
      name = String(args[0] ?? '').toUpperCase();
      args = args.slice(1);
    }
    this.log.push(
      `${tag} ${uid ? 'UID ' : ''}${name}${name === 'LOGIN' ? ` ${String(args[0])} ****` : args.length ? ` ${render(args)}` : ''}`,
    );
    try {
      this.#dispatch(tag, name, args, uid);
    } catch (error) {
      this.#send(`${tag} BAD ${(error as Error).message}\r\n`);
    }
  }

  #dispatch(tag: string, name: string, args: Token[], uid: boolean): void {
    const ok = (text = `${name} completed`) => this.#send(`${tag} OK ${text}\r\n`);
    switch (name) {
      case 'CAPABILITY':
        this.#send(`* CAPABILITY ${CAPABILITIES}\r\n`);
        return ok();
      case 'NOOP':
        return ok();
      case 'LOGOUT':
        this.#send('* BYE Logging out\r\n');
        ok();
        this.socket.end();
        return;
      case 'LOGIN': {
        const [user, pass] = args.map(String);
        if (user === undefined || this.users[user] === undefined || this.users[user] !== pass) {
          this.#send(`${tag} NO [AUTHENTICATIONFAILED] Invalid credentials\r\n`);
          return;
        }
        this.#user = user;
        return ok(`[CAPABILITY ${CAPABILITIES}] Logged in`);
      }
    }
    if (!this.#user) {
      this.#send(`${tag} BAD Log in first\r\n`);
      return;
    }
    switch (name) {
      case 'LIST':
      case 'LSUB': {
        const pattern = String(args[1] ?? '');
        if (pattern === '') this.#send(`* ${name} (\\Noselect) "/" ""\r\n`);
        else
          for (const box of this.mailboxes.keys())
            this.#send(`* ${name} (\\HasNoChildren) "/" ${quote(box)}\r\n`);
        return ok();
      }
      case 'SELECT':
      case 'EXAMINE': {
        const requested = String(args[0] ?? '');
        const key = requested.toUpperCase() === 'INBOX' ? 'INBOX' : requested;
        const mailbox = this.mailboxes.get(key);
        if (!mailbox) {
          this.#selected = undefined;
          this.#send(`${tag} NO [NONEXISTENT] Mailbox doesn't exist: ${requested}\r\n`);
          return;
        }
        this.#selected = { name: key, mailbox, readOnly: name === 'EXAMINE' };
        this.#send(
          `* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n` +
            `* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted\r\n` +
            `* ${mailbox.messages.length} EXISTS\r\n* 0 RECENT\r\n` +
            `* OK [UIDVALIDITY ${mailbox.uidValidity}] UIDs valid\r\n* OK [UIDNEXT ${mailbox.uidNext}] Predicted next UID\r\n`,
        );
        return ok(`[${name === 'EXAMINE' ? 'READ-ONLY' : 'READ-WRITE'}] ${name} completed`);
      }
      case 'CLOSE':
      case 'UNSELECT':
        if (name === 'CLOSE' && this.#selected && !this.#selected.readOnly) this.#expunge(false);
        this.#selected = undefined;
        return ok();
    }
    const selected = this.#selected;
    if (!selected) {
      this.#send(`${tag} BAD No mailbox selected\r\n`);
      return;
    }
    const { mailbox } = selected;
    switch (name) {
      case 'SEARCH': {
        const found = this.#search(args, uid);
        this.#send(`* SEARCH${found.map((n) => ` ${n}`).join('')}\r\n`);
        return ok();
      }
      case 'FETCH': {
        const items = flatten(args.slice(1)).map((item) => String(item).toUpperCase());
        for (const message of this.#matching(String(args[0]), uid)) {
          const seq = mailbox.messages.indexOf(message) + 1;
          const parts: Array<string | Buffer> = [];
          if (uid || items.includes('UID')) parts.push(`UID ${message.uid}`);
          if (items.includes('FLAGS')) parts.push(`FLAGS (${[...message.flags].join(' ')})`);
          if (items.includes('RFC822.SIZE')) parts.push(`RFC822.SIZE ${message.raw.length}`);
          if (items.includes('INTERNALDATE')) parts.push('INTERNALDATE "03-Mar-2026 09:15:00 +0100"');
          if (items.some((item) => item === 'BODY.PEEK[]' || item === 'BODY[]' || item === 'RFC822')) {
            parts.push(Buffer.concat([Buffer.from(`BODY[] {${message.raw.length}}\r\n`), message.raw]));
            if (!items.includes('BODY.PEEK[]') && !selected.readOnly) message.flags.add('\\Seen');
          }
          const head = Buffer.from(`* ${seq} FETCH (`);
          const body: Buffer[] = [];
          parts.forEach((part, i) => {
            if (i > 0) body.push(Buffer.from(' '));
            body.push(Buffer.isBuffer(part) ? part : Buffer.from(part));
          });
          this.#send(Buffer.concat([head, ...body, Buffer.from(')\r\n')]));
        }
        return ok();
      }
      case 'STORE': {
        if (selected.readOnly) return void this.#send(`${tag} NO Mailbox is read-only\r\n`);
        const action = String(args[1]).toUpperCase();
        const flags = flatten(args.slice(2)).map(String);
        for (const message of this.#matching(String(args[0]), uid)) {
          if (action.startsWith('+')) flags.forEach((flag) => message.flags.add(flag));
          else if (action.startsWith('-')) flags.forEach((flag) => message.flags.delete(flag));
          else message.flags = new Set(flags);
          if (!action.endsWith('.SILENT'))
            this.#send(
              `* ${mailbox.messages.indexOf(message) + 1} FETCH (${uid ? `UID ${message.uid} ` : ''}FLAGS (${[...message.flags].join(' ')}))\r\n`,
            );
        }
        return ok();
      }
      case 'COPY':
      case 'MOVE': {
        const destinationName = String(args[1]);
        const key = destinationName.toUpperCase() === 'INBOX' ? 'INBOX' : destinationName;
        const destination = this.mailboxes.get(key);
        if (!destination)
          return void this.#send(`${tag} NO [TRYCREATE] No such mailbox ${destinationName}\r\n`);
        const moving = this.#matching(String(args[0]), uid);
        const newUids = moving.map((message) => {
          const copy = { uid: destination.uidNext++, flags: new Set(message.flags), raw: message.raw };
          destination.messages.push(copy);
          return copy.uid;
        });
        const copyUid = `[COPYUID ${destination.uidValidity} ${moving.map((m) => m.uid).join(',')} ${newUids.join(',')}]`;
        if (name === 'COPY') return ok(`${copyUid} COPY completed`);
        this.#send(`* OK ${copyUid} Moved\r\n`);
        for (const message of moving) message.flags.add('\\Deleted');
        this.#expunge(true, new Set(moving));
        return ok();
      }
      case 'EXPUNGE':
        this.#expunge(true);
        return ok();
      default:
        this.#send(`${tag} BAD Unknown command ${name}\r\n`);
    }
  }

  /** Removes \Deleted messages (or only `only`), announcing each by sequence number, highest first. */
  #expunge(announce: boolean, only?: Set<FakeMessage>): void {
    const { mailbox } = this.#selected!;
    for (let i = mailbox.messages.length - 1; i >= 0; i--) {
      const message = mailbox.messages[i]!;
      if (!message.flags.has('\\Deleted') || (only && !only.has(message))) continue;
      mailbox.messages.splice(i, 1);
      if (announce) this.#send(`* ${i + 1} EXPUNGE\r\n`);
    }
  }

  #search(args: Token[], uid: boolean): number[] {
    const { mailbox } = this.#selected!;
    let matches = [...mailbox.messages];
    for (let i = 0; i < args.length; i++) {
      const key = String(args[i]).toUpperCase();
      if (key === 'ALL') continue;
      if (key === 'UID') {
        const set = new Set(this.#matching(String(args[++i]), true));
        matches = matches.filter((message) => set.has(message));
      } else if (key === 'UNSEEN') matches = matches.filter((message) => !message.flags.has('\\Seen'));
      else if (key === 'SEEN') matches = matches.filter((message) => message.flags.has('\\Seen'));
      else if (/^[\d:*,]+$/.test(key)) {
        const set = new Set(this.#matching(key, false));
        matches = matches.filter((message) => set.has(message));
      } else throw new Error(`Unsupported search key ${key}`);
    }
    return matches.map((message) => (uid ? message.uid : mailbox.messages.indexOf(message) + 1));
  }

  /** Messages in a sequence set (UIDs or sequence numbers); `*` is the highest, ranges are unordered. */
  #matching(set: string, byUid: boolean): FakeMessage[] {
    const { messages } = this.#selected!.mailbox;
    const numberOf = (message: FakeMessage) => (byUid ? message.uid : messages.indexOf(message) + 1);
    const highest = messages.length === 0 ? 0 : numberOf(messages[messages.length - 1]!);
    const value = (text: string) => (text === '*' ? highest : Number(text));
    const ranges = set.split(',').map((part) => {
      const [a, b = a] = part.split(':') as [string, string?];
      const low = Math.min(value(a), value(b));
      const high = Math.max(value(a), value(b));
      return [low, high] as const;
    });
    return messages.filter((message) =>
      ranges.some(([low, high]) => numberOf(message) >= low && numberOf(message) <= high),
    );
  }
}

function quote(text: string): string {
  return `"${text.replace(/(["\\])/g, '\\$1')}"`;
}

function render(tokens: Token[]): string {
  return tokens
    .map((t) => (Array.isArray(t) ? `(${render(t)})` : Buffer.isBuffer(t) ? `{${t.length}}` : t))
    .join(' ');
}

function flatten(tokens: Token[]): Token[] {
  return tokens.flatMap((t) => (Array.isArray(t) ? flatten(t) : [t]));
}

/** Atoms, "quoted strings", {n} literals and (lists); `BODY.PEEK[...]` stays one atom. */
function tokenize(line: Buffer): Token[] {
  const text = line.toString('latin1');
  let i = 0;
  const parseList = (): Token[] => {
    const out: Token[] = [];
    while (i < text.length) {
      const c = text[i]!;
      if (c === ' ') {
        i++;
      } else if (c === '(') {
        i++;
        out.push(parseList());
      } else if (c === ')') {
        i++;
        return out;
      } else if (c === '"') {
        let value = '';
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\') i++;
          value += text[i++];
        }
        i++;
        out.push(Buffer.from(value, 'latin1').toString('utf8'));
      } else if (c === '{') {
        const close = text.indexOf('}', i);
        const size = Number(text.slice(i + 1, close).replace('+', ''));
        const start = close + 3; // "}\r\n"
        out.push(Buffer.from(text.slice(start, start + size), 'latin1').toString('utf8'));
        i = start + size;
      } else {
        let depth = 0;
        let atom = '';
        while (i < text.length && (depth > 0 || (text[i] !== ' ' && text[i] !== ')' && text[i] !== '('))) {
          if (text[i] === '[') depth++;
          if (text[i] === ']') depth--;
          atom += text[i++];
        }
        out.push(atom);
      }
    }
    return out;
  };
  return parseList();
}
