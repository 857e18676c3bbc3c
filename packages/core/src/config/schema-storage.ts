/**
 * The `storage:` block: where the state that several processes share lives. Without it (the default)
 * everything is in SQLite files under GLUEFLOW_HOME — right for one machine. With `redis`, the rate
 * budget (and, as the scale-out work lands, state and locks) move to that Redis so that processes on
 * many machines share one budget (docs/scale-out.md). The URL is a secret reference: it may carry a
 * password, and `GLUEFLOW_REDIS_URL` alone also turns it on.
 */
import { z } from 'zod';
import { secret } from './secrets.js';

export const storageSchema = z
  .strictObject({
    redis: secret(
      'Redis URL (rediss:// for TLS; redis:// only to a loopback address), e.g. { env: GLUEFLOW_REDIS_URL }',
    ).optional(),
  })
  .describe(
    'Shared storage for several glueflow processes and machines. Default: SQLite files under GLUEFLOW_HOME. ' +
      'GLUEFLOW_REDIS_URL in the environment works like `redis: { env: GLUEFLOW_REDIS_URL }`.',
  );

export type StorageConfigFile = z.input<typeof storageSchema>;
