/**
 * Builds the provider a step asked for: finds the factory in the registry, checks `connection:` against
 * its schema (every problem named by key path; secret values never echoed), and hands it an environment
 * whose per-record problems land on the step (an error counts the record as failed).
 */
import type { StepContext } from '@glueflow/core';
import { psaError } from '../errors.js';
import type { PsaProviderRegistry } from './registry.js';
import type { PsaProvider, PsaProviderFactory } from './types.js';

export interface OpenedProvider {
  factory: PsaProviderFactory;
  provider: PsaProvider;
  failures: { count: number };
}

export function openProvider(
  ctx: StepContext,
  registry: PsaProviderRegistry,
  name: string,
  connection: Record<string, unknown>,
): OpenedProvider {
  const factory = registry.get(name);
  const parsed = factory.connection.safeParse(connection, { reportInput: false });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `connection.${issue.path.join('.')}: ${issue.message}`,
    );
    throw psaError(
      'EPSA_CONNECTION',
      `the ${name} connection is not usable: ${problems.join('; ')}`,
      `see the ${name} row of the provider table in the @glueflow/plugin-psa README; secrets are { env: NAME } or { keychain: NAME }`,
      { where: 'connection' },
    );
  }
  const failures = { count: 0 };
  const provider = factory.create(parsed.data, {
    secret: (ref) => ctx.secret(ref),
    maskSecret: (value) => ctx.maskSecret(value),
    baseDir: ctx.baseDir,
    logger: ctx.logger,
    signal: ctx.signal,
    report: (message) => {
      ctx.report(message);
      if (message.severity === 'error') failures.count++;
    },
  });
  return { factory, provider, failures };
}
