import { describe, expect, it } from '@jest/globals';
import { redisUrlOf } from './redis-url.js';

const env = (url?: string) => ({ GLUEFLOW_REDIS_URL: url });
const none = () => {
  throw new Error('no secret here');
};

describe('which Redis a runtime shares through', () => {
  it('is none by default, GLUEFLOW_REDIS_URL alone, or storage.redis (which wins)', () => {
    expect(redisUrlOf({ configured: undefined, env: {}, resolve: none })).toBeUndefined();
    expect(redisUrlOf({ configured: undefined, env: env('redis://127.0.0.1:6390'), resolve: none })).toBe(
      'redis://127.0.0.1:6390',
    );
    expect(
      redisUrlOf({
        configured: { env: 'MY_REDIS' },
        env: env('redis://127.0.0.1:1'),
        resolve: () => 'rediss://:pw@redis.example.com:6380/2',
      }),
    ).toBe('rediss://:pw@redis.example.com:6380/2');
  });

  it('refuses plaintext redis:// off loopback, other schemes and non-URLs — naming where, never the URL', () => {
    const refused = (url: string) => {
      try {
        redisUrlOf({ configured: undefined, env: env(url), resolve: none });
      } catch (error) {
        return error as { code: string; message: string; hint: string };
      }
      throw new Error(`accepted ${url}`);
    };
    const plain = refused('redis://:s3cret-pw@redis.internal:6379');
    expect(plain.code).toBe('ESTORAGE_REDIS_URL');
    expect(plain.message).toContain('GLUEFLOW_REDIS_URL');
    expect(plain.message).toContain('unencrypted');
    expect(plain.message + plain.hint).not.toContain('s3cret-pw');
    expect(refused('http://127.0.0.1:6379').message).toContain('scheme is http:');
    expect(refused('not a url').message).toContain('not a URL');
    expect(redisUrlOf({ configured: undefined, env: env('redis://[::1]:6379'), resolve: none })).toBe(
      'redis://[::1]:6379',
    );
  });
});
