/**
 * How every Glueflow Redis connection is made and named (the budget here, the state in core, the work
 * queue in serve): commands wait through a Redis restart instead of failing after 20 tries
 * (`maxRetriesPerRequest: null`, which BullMQ also requires), so work pauses while Redis is down; and a
 * URL is shown as scheme and host only — never the user or the password it may carry.
 */
export const REDIS_CLIENT_OPTIONS = { maxRetriesPerRequest: null } as const;

/** `rediss://host:port`, for messages and logs. */
export function describeRedisUrl(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}`;
  } catch {
    return 'redis (unparsable URL)';
  }
}
