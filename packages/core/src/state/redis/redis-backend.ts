/**
 * The state store's Redis backend (state-backend.ts), and the connection it runs on. ioredis is loaded
 * only when a Redis URL is configured; the connection waits through a Redis restart instead of failing
 * (commands are held until it is back, `maxRetriesPerRequest: null`), so a run pauses while Redis is
 * down and goes on when it returns — nothing is written to IT Glue meanwhile, since each write needs a
 * budget grant and a held lock, both in Redis.
 */
import type { Redis } from 'ioredis';
import { describeRedisUrl, REDIS_CLIENT_OPTIONS } from '@glueflow/itglue';
import { createError } from '../../errors/index.js';
import type { StateBackend, StateRecords } from '../state-backend.js';
import type { RedisCommitter } from './redis-commit.js';
import { RedisRecords } from './redis-records.js';
import type { RedisKeys } from './redis-keys.js';

export function redisBackend(commits: RedisCommitter, keys: RedisKeys, clock: () => number): StateBackend {
  return {
    where: commits.where,
    records: <Value>(ns: string, scope: string): StateRecords<Value> =>
      new RedisRecords<Value>(commits, keys.records(ns, scope), clock),
    atomic: (fn) => commits.atomic(fn),
  };
}

export { describeRedisUrl };

/** A connection to `url`; ESTATE_REDIS naming the server (never the password) when it cannot connect. */
export async function connectRedis(url: string): Promise<Redis> {
  const where = describeRedisUrl(url);
  let redis: Redis | undefined;
  try {
    const { Redis } = await import('ioredis');
    redis = new Redis(url, { ...REDIS_CLIENT_OPTIONS, lazyConnect: true });
    redis.on('error', () => undefined); // it reconnects by itself; a failing command reports
    await redis.connect();
    return redis;
  } catch (error) {
    redis?.disconnect();
    const reason = (error as Error).message.split(url).join(where);
    throw createError('ESTATE_REDIS', { where, reason }, { cause: error });
  }
}
