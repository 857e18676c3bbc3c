/**
 * Where an instance's state lives in Redis. Every key of one instance carries the same hash tag
 * (`{<instance>}`), so on Redis Cluster they share a slot and one script may touch them all: a journal
 * entry, its mapping and the run lock's fencing check commit together. The budget has its own keys
 * (`glueflow:budget:{<key digest>}:…`, @glueflow/itglue), shared by every instance using the same key.
 *
 *   glueflow:{i}:state:<ns>:<plugin>:values   HASH  key → JSON value
 *   glueflow:{i}:state:<ns>:<plugin>:keys     ZSET  every key, score 0 (listed in key order by lex)
 *   glueflow:{i}:state:<ns>:<plugin>:tags     HASH  key → tag (the journal's status)
 *   glueflow:{i}:state:<ns>:<plugin>:tag:<t>  ZSET  keys tagged t, score = when set (ms)
 *   glueflow:{i}:history:…                    the run history (redis-run-history.ts)
 *   glueflow:{i}:lock:<name>, …:fence:<name>  run locks and their fencing counters (redis-run-locks.ts)
 */
export const DEFAULT_PREFIX = 'glueflow';

export class RedisKeys {
  readonly base: string;

  constructor(instance: string, prefix = DEFAULT_PREFIX) {
    this.base = `${prefix}:{${encodeURIComponent(instance)}}`;
  }

  records(ns: string, scope: string): string {
    return `${this.base}:state:${ns}:${encodeURIComponent(scope)}`;
  }

  history(part: string): string {
    return `${this.base}:history:${part}`;
  }

  lock(name: string): string {
    return `${this.base}:lock:${name}`;
  }

  fence(name: string): string {
    return `${this.base}:fence:${name}`;
  }
}
