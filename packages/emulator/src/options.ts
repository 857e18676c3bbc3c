import type { EmulatorOptions } from './types.js';
import { EmulatorUsageError } from './usage-error.js';

/** Rejects impossible options up front, with the option's name in the message. */
export function validateOptions(options: EmulatorOptions): void {
  const fail = (key: string, expected: string, found: unknown) =>
    new EmulatorUsageError(
      'EEMULATOR_OPTIONS',
      `Invalid emulator option ${key}: expected ${expected}, found ${JSON.stringify(found)}`,
    );
  const { port, apiKeys, rateLimit, latencyMs, seed, generate } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
    throw fail('port', 'an integer 0-65535', port);
  if (
    apiKeys !== undefined &&
    (!Array.isArray(apiKeys) ||
      apiKeys.length === 0 ||
      apiKeys.some((key) => typeof key !== 'string' || key === ''))
  ) {
    throw fail('apiKeys', 'a non-empty list of keys', apiKeys);
  }
  if (rateLimit !== undefined) {
    if (!Number.isInteger(rateLimit.requests) || rateLimit.requests < 1)
      throw fail('rateLimit.requests', 'a positive integer', rateLimit.requests);
    if (!(rateLimit.windowSeconds > 0))
      throw fail('rateLimit.windowSeconds', 'a positive number', rateLimit.windowSeconds);
    if (
      rateLimit.retryAfter !== undefined &&
      !['seconds', 'http-date', 'none'].includes(rateLimit.retryAfter)
    ) {
      throw fail('rateLimit.retryAfter', 'seconds, http-date or none', rateLimit.retryAfter);
    }
  }
  if (latencyMs !== undefined && !(latencyMs >= 0)) throw fail('latencyMs', 'a number >= 0', latencyMs);
  if (seed !== undefined && !Number.isInteger(seed)) throw fail('seed', 'an integer', seed);
  if (
    generate !== undefined &&
    (!Number.isInteger(generate.organizations) ||
      generate.organizations < 0 ||
      !Number.isInteger(generate.perOrganization) ||
      generate.perOrganization < 0)
  ) {
    throw fail('generate', '{ organizations, perOrganization } non-negative integers', generate);
  }
}
