/**
 * Cuts an mbox stream into messages, line fragment by line fragment, in linear time and bounded memory:
 * - a line that starts with `From ` at the start or after a blank line separates messages; mboxrd
 *   escaping (`>From `, `>>From ` …) is undone by removing one `>` (which also reads mboxo correctly for
 *   every line that was escaped);
 * - a `Content-Length` header is honoured (mboxcl/mboxcl2 writers do not escape body lines) when it is
 *   checked: the body must end exactly there, followed by a separator or the end of the file. A length
 *   that does not check out — or a forged one — is ignored, and the lines read under it are split as usual;
 * - a message over `maxBytes` is never held: its bytes are counted and dropped, and it is reported as
 *   too large (a Content-Length is not trusted for it, so a forged one cannot swallow the next messages).
 */

/** A piece of a line: `start` when it begins the line, `end` when it holds the line ending. */
export interface LineFragment {
  bytes: Buffer;
  start: boolean;
  end: boolean;
}

export type MboxItem = { raw: Buffer } | { tooLarge: number };

const FROM = Buffer.from('From ');
const CONTENT_LENGTH = /^content-length:[ \t]*(\d{1,15})[ \t]*\r?\n$/i;

class Draft {
  parts: Buffer[] = [];
  bytes = 0;
  tooLarge = false;
  inHeaders = true;
  /** Content-Length headers seen (two different ones: trust neither). */
  lengths: number[] = [];
  /** Body bytes still expected under a Content-Length being honoured; undefined when none is. */
  remaining: number | undefined;
  /** Parts that would have separated messages had the Content-Length not been honoured. */
  cuts: number[] = [];
}

export class MboxSplitter {
  #draft = new Draft();
  #started = false;
  #previousBlank = true;
  /** Lines after a Content-Length body, kept until they confirm it (a blank line, then a separator). */
  #checking: LineFragment[] | undefined;
  readonly #out: MboxItem[] = [];

  constructor(private readonly maxBytes: number) {}

  /** Feeds one fragment; returns the messages it completed. */
  push(fragment: LineFragment): MboxItem[] {
    this.#take(fragment);
    return this.#out.splice(0);
  }

  /** The end of the input: returns the last message. */
  end(): MboxItem[] {
    if (this.#checking) this.#confirmLength();
    // The file ended inside a Content-Length body: the length was wrong (or forged).
    else if (this.#draft.remaining !== undefined) this.#distrustLength([]);
    this.#finish();
    return this.#out.splice(0);
  }

  #take(fragment: LineFragment): void {
    if (this.#checking) return this.#check(fragment);
    const draft = this.#draft;
    if (!fragment.start) {
      this.#append(fragment.bytes);
      return this.#endOfLine(fragment);
    }
    const line = fragment.bytes;
    const blank = fragment.end && isBlank(line);
    const separator = this.#previousBlank && startsWith(line, FROM, 0);
    if (draft.remaining !== undefined) {
      // Inside a Content-Length body: a would-be separator is remembered, not obeyed.
      if (separator) draft.cuts.push(draft.parts.length);
      this.#previousBlank = blank;
      this.#append(unescape(line), line.length);
      return this.#endOfLine(fragment);
    }
    if (separator) {
      this.#finish();
      this.#started = true;
      this.#previousBlank = false;
      return;
    }
    this.#previousBlank = blank;
    this.#started = true;
    this.#append(unescape(line), line.length);
    if (draft.inHeaders) this.#header(line, fragment.end, blank);
  }

  /** Headers of the message itself: note Content-Length; at the blank line, start honouring it. */
  #header(line: Buffer, whole: boolean, blank: boolean): void {
    const draft = this.#draft;
    if (!blank) {
      const match = whole && line.length < 64 ? CONTENT_LENGTH.exec(line.toString('latin1')) : null;
      if (match) draft.lengths.push(Number(match[1]));
      return;
    }
    draft.inHeaders = false;
    const [length, ...others] = draft.lengths;
    if (length === undefined || others.some((other) => other !== length) || draft.tooLarge) return;
    if (draft.bytes + length > this.maxBytes) return; // too large anyway: see the module comment
    draft.remaining = length;
    if (length === 0) this.#checking = [];
  }

  /** Counts a body line under a Content-Length: exactly at its end the length is checked. */
  #endOfLine(fragment: LineFragment): void {
    const draft = this.#draft;
    if (draft.remaining === undefined || !fragment.end) return;
    // A body without a final newline is followed by one before the separator: allow it.
    const overshoot = -draft.remaining;
    if (
      draft.remaining === 0 ||
      (overshoot > 0 && overshoot <= 2 && endsWithNewline(fragment.bytes, overshoot))
    )
      this.#checking = [];
    else if (draft.remaining < 0) this.#distrustLength([]);
  }

  #check(fragment: LineFragment): void {
    const checking = this.#checking as LineFragment[];
    if (fragment.start && startsWith(fragment.bytes, FROM, 0)) {
      this.#confirmLength();
      this.#take(fragment);
    } else if (checking.length === 0 && fragment.start && fragment.end && isBlank(fragment.bytes)) {
      checking.push(fragment);
    } else {
      this.#distrustLength([...checking, fragment]);
    }
  }

  /** The length checked out: the message ends here, and a separator follows. */
  #confirmLength(): void {
    this.#checking = undefined;
    this.#finish();
    this.#started = true;
    this.#previousBlank = true;
  }

  /** The length did not check out: split what was read under it as if it had not been there. */
  #distrustLength(lookahead: LineFragment[]): void {
    const draft = this.#draft;
    this.#checking = undefined;
    let from = 0;
    for (const cut of draft.cuts) {
      this.#emit(draft.parts.slice(from, cut));
      from = cut + 1; // the separator line itself belongs to no message
    }
    const rest = new Draft();
    rest.parts = draft.parts.slice(from);
    rest.bytes = rest.parts.reduce((sum, part) => sum + part.length, 0);
    rest.inHeaders = false;
    this.#draft = rest;
    for (const fragment of lookahead) this.#take(fragment);
  }

  /** Adds bytes to the message, or only counts them once it is too large. */
  #append(bytes: Buffer, stored = bytes.length): void {
    const draft = this.#draft;
    draft.bytes += bytes.length;
    if (draft.remaining !== undefined && !draft.inHeaders) draft.remaining -= stored;
    if (draft.tooLarge) return;
    if (draft.bytes > this.maxBytes) {
      draft.tooLarge = true;
      draft.parts = [];
      draft.cuts = [];
      draft.remaining = undefined;
      return;
    }
    draft.parts.push(bytes);
  }

  #finish(): void {
    const draft = this.#draft;
    this.#draft = new Draft();
    if (draft.tooLarge) this.#out.push({ tooLarge: draft.bytes });
    else if (this.#started) this.#emit(draft.parts);
  }

  /** The blank line mbox writers put before the next separator belongs to no message. */
  #emit(parts: Buffer[]): void {
    const last = parts[parts.length - 1];
    const body = last && isBlank(last) ? parts.slice(0, -1) : parts;
    if (body.length > 0) this.#out.push({ raw: Buffer.concat(body) });
  }
}

/** `>From ` → `From `, `>>From ` → `>From ` (mboxrd). */
function unescape(line: Buffer): Buffer {
  let depth = 0;
  while (depth < line.length && line[depth] === 0x3e) depth++;
  if (depth > 0 && startsWith(line, FROM, depth)) return line.subarray(1);
  return line;
}

function isBlank(line: Buffer): boolean {
  return line.length === 1 ? line[0] === 0x0a : line.length === 2 && line[0] === 0x0d && line[1] === 0x0a;
}

function endsWithNewline(line: Buffer, count: number): boolean {
  const tail = line.subarray(line.length - count);
  return count === 1 ? tail[0] === 0x0a : tail[0] === 0x0d && tail[1] === 0x0a;
}

function startsWith(line: Buffer, prefix: Buffer, offset: number): boolean {
  if (line.length < offset + prefix.length) return false;
  return line.compare(prefix, 0, prefix.length, offset, offset + prefix.length) === 0;
}
