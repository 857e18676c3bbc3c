/**
 * One kind of state of one plugin in Redis (layout in redis-keys.ts): values in a hash, a lex-ordered
 * index for listing in key order, and per-tag indexes scored by time, so the journal finds its pending
 * intents and prunes closed ones without reading every entry. Every write runs in the committer's
 * `atomic`, so a value never lands without its index entries, or the reverse.
 */
import type { StateRecords } from '../state-backend.js';
import type { RedisCommitter } from './redis-commit.js';

const PAGE = 500;

export class RedisRecords<Value> implements StateRecords<Value> {
  readonly #values: string;
  readonly #keys: string;
  readonly #tags: string;

  constructor(
    private readonly commits: RedisCommitter,
    private readonly base: string,
    private readonly clock: () => number,
  ) {
    this.#values = `${base}:values`;
    this.#keys = `${base}:keys`;
    this.#tags = `${base}:tags`;
  }

  async get(key: string): Promise<Value | undefined> {
    const raw = await this.commits.read(this.#values, key);
    return raw === null ? undefined : (JSON.parse(raw) as Value);
  }

  set(key: string, value: Value, tag: string | null = null): Promise<void> {
    return this.commits.atomic(async () => {
      const before = await this.commits.read(this.#tags, key);
      this.commits.queue(['hset', this.#values, key, JSON.stringify(value)], ['zadd', this.#keys, '0', key]);
      if (before !== null && before !== tag) this.commits.queue(['zrem', this.#tag(before), key]);
      if (tag === null) {
        if (before !== null) this.commits.queue(['hdel', this.#tags, key]);
      } else {
        this.commits.queue(
          ['hset', this.#tags, key, tag],
          ['zadd', this.#tag(tag), String(this.clock()), key],
        );
      }
    });
  }

  delete(key: string): Promise<boolean> {
    return this.commits.atomic(async () => {
      const existed = (await this.commits.read(this.#values, key)) !== null;
      const tag = await this.commits.read(this.#tags, key);
      this.commits.queue(['hdel', this.#values, key], ['zrem', this.#keys, key]);
      if (tag !== null) this.commits.queue(['hdel', this.#tags, key], ['zrem', this.#tag(tag), key]);
      return existed;
    });
  }

  /** Pages by key (ZRANGE BYLEX after the last key), so deletes between pages skip nothing. */
  async *entries(options: { tag?: string } = {}): AsyncIterable<[string, Value]> {
    this.commits.outsideAtomic('listing state');
    const redis = this.commits.redis;
    if (options.tag !== undefined) {
      // Listed by tag: the journal's pending intents, the few writes in flight. Values load in pages.
      const keys = await redis.zrange(this.#tag(options.tag), 0, -1);
      for (let at = 0; at < keys.length; at += PAGE) yield* this.#load(keys.slice(at, at + PAGE));
      return;
    }
    let after = '-';
    for (;;) {
      const keys = await redis.zrangebylex(this.#keys, after, '+', 'LIMIT', 0, PAGE);
      yield* this.#load(keys);
      if (keys.length < PAGE) return;
      after = `(${keys[keys.length - 1]!}`;
    }
  }

  async count(options: { tag?: string } = {}): Promise<number> {
    this.commits.outsideAtomic('counting state');
    return this.commits.redis.zcard(options.tag === undefined ? this.#keys : this.#tag(options.tag));
  }

  async taggedBefore(tag: string, before: number): Promise<string[]> {
    this.commits.outsideAtomic('listing state');
    return this.commits.redis.zrangebyscore(this.#tag(tag), '-inf', `(${before}`);
  }

  async *#load(keys: string[]): AsyncIterable<[string, Value]> {
    if (keys.length === 0) return;
    const values = await this.commits.redis.hmget(this.#values, ...keys);
    for (const [i, key] of keys.entries()) {
      const raw = values[i];
      if (raw !== null && raw !== undefined) yield [key, JSON.parse(raw) as Value]; // deleted meanwhile
    }
  }

  #tag(tag: string): string {
    return `${this.base}:tag:${encodeURIComponent(tag)}`;
  }
}
