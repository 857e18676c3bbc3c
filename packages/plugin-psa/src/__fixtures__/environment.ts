/** A ProviderEnvironment for provider tests: secrets from a plain map, messages and logs collected. */
import { resolveSecret, type GlueflowMessage } from '@glueflow/core';
import type { ProviderEnvironment } from '../provider/types.js';

export interface TestEnvironment extends ProviderEnvironment {
  messages: GlueflowMessage[];
  logs: string[];
  /** Values given to maskSecret. */
  masked: string[];
}

export function testEnvironment(env: Record<string, string> = {}, baseDir = process.cwd()): TestEnvironment {
  const logs: string[] = [];
  const log = (level: string) => (message: string, meta?: Record<string, unknown>) =>
    logs.push(`${level} ${message} ${meta ? JSON.stringify(meta) : ''}`);
  const messages: GlueflowMessage[] = [];
  const masked: string[] = [];
  return {
    secret: (ref) => resolveSecret(ref, { env }),
    maskSecret: (value) => void masked.push(value),
    masked,
    baseDir,
    logger: { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') },
    signal: new AbortController().signal,
    report: (message) => messages.push(message),
    messages,
    logs,
  };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
