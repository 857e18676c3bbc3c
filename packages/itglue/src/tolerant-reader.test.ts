/**
 * The tolerant reader: each published answer, with one attribute at a time turned into another
 * JSON type, still parses — only a strict attribute (one a feature depends on) may fail it, and then
 * as EITGLUE_BAD_RESPONSE naming that attribute; everything set aside is counted and logged once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { contractExamples, exampleName, framedBody, startContractServer } from '@glueflow/emulator';
import type { ContractExample, ContractServer } from '@glueflow/emulator';
import { isGlueflowError } from './errors/index.js';
import { captureLogger } from './__fixtures__/capture-logger.js';
import { CONTRACT_CALLS, isNotBuilt } from './__fixtures__/contract-calls.js';
import type { CallEntry } from './__fixtures__/contract-calls.js';
import { createITGlueClient } from './create-client.js';
import type { ITGlueClient } from './itglue-client.js';
import { jsonTypeOf } from './tolerant-reader.js';
import type { OddAttribute } from './tolerant-reader.js';

let server: ContractServer;
let client: ITGlueClient;
let home: string;
const odd: OddAttribute[] = [];
const logger = captureLogger();
/** Warnings and errors as their JSON lines. */
const logLines = (): string[] =>
  logger.lines.filter((l) => l.level === 'warn' || l.level === 'error').map((l) => JSON.stringify(l));

beforeAll(async () => {
  server = await startContractServer();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-tolerant-'));
  client = await createITGlueClient({
    url: server.url,
    apiKey: 'ITG.tolerant',
    env: {},
    keychain: false,
    home,
    logger,
    retry: { retries: 0 },
    hooks: { onOddAttribute: (event) => odd.push(event) },
  });
});
afterAll(async () => {
  await client.close();
  await server.close();
  fs.rmSync(home, { recursive: true, force: true });
});

/** The other JSON types an attribute can turn into: string↔number, value→null, scalar→object. */
function flipsOf(value: unknown): unknown[] {
  const flips: unknown[] = [];
  if (typeof value === 'string') flips.push(value.length % 2 === 0 ? 12345 : -1.5);
  if (typeof value === 'number') flips.push(String(value));
  if (value !== null) flips.push(null);
  if (value === null || typeof value !== 'object') flips.push({ unexpected: [1, 'two'] });
  else flips.push('an odd string');
  return flips;
}

const readers = contractExamples()
  .filter((example) => example.kind === 'response' && example.method === 'GET')
  .map((example) => [exampleName(example), example, CONTRACT_CALLS[exampleName(example)]] as const)
  .filter((row): row is readonly [string, ContractExample, CallEntry] => !!row[2] && !isNotBuilt(row[2]));

describe('one attribute of another type never loses the record', () => {
  it.each(readers)('%s', async (_name, example, entry) => {
    const body = framedBody(example) as { data: unknown };
    const first = (Array.isArray(body.data) ? body.data[0] : body.data) as {
      attributes: Record<string, unknown>;
    };
    let flipped = 0;
    for (const [attribute, value] of Object.entries(first.attributes)) {
      for (const flip of flipsOf(value)) {
        const changed = structuredClone(body) as { data: unknown };
        const record = (Array.isArray(changed.data) ? changed.data[0] : changed.data) as typeof first;
        record.attributes[attribute] = flip;
        server.answer(changed);
        odd.length = 0;
        const outcome = await entry.call(client, example).then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        );
        flipped++;
        if ('error' in outcome) {
          // Only a strict attribute may fail the answer — and then it says which one.
          expect(isGlueflowError(outcome.error, 'EITGLUE_BAD_RESPONSE')).toBe(true);
          expect((outcome.error as Error).message).toContain(`attributes.${attribute}`);
          expect((outcome.error as { requestId?: string }).requestId).toBeTruthy();
        } else {
          const records = Array.isArray(outcome.result) ? outcome.result : [outcome.result];
          expect(records.length).toBe(Array.isArray(body.data) ? body.data.length : 1);
          // What was set aside was reported, with the type that came.
          for (const event of odd) expect(event.found).toBe(jsonTypeOf(flip));
        }
      }
    }
    expect(flipped).toBeGreaterThan(0);
  });
});

describe('what the reader sets aside', () => {
  const logsBody = (level: unknown, count: number) => ({
    data: Array.from({ length: count }, (_, i) => ({
      id: String(100 + i),
      type: 'logs',
      attributes: { 'created-at': '2026-01-01T00:00:00.000Z', level, action: 'update', 'user-id': 5 },
    })),
    meta: { 'next-page': null },
  });

  it('a whole page of logs with a string level is kept, counted per record and logged once', async () => {
    const before = (await client.stats()).metrics.oddAttributes;
    for (let round = 0; round < 2; round++) {
      server.answer(logsBody('info', 3));
      const logs: unknown[] = [];
      for await (const log of client.logs.list({
        since: new Date('2026-01-01'),
        until: new Date('2026-01-01T01:00:00Z'),
      }))
        logs.push(log);
      expect(logs).toHaveLength(3);
      expect(logs[0]).toMatchObject({ id: '100', action: 'update', userId: '5' });
      expect(logs[0]).not.toHaveProperty('level');
    }
    expect((await client.stats()).metrics.oddAttributes - before).toBe(6);
    // Once per client and type + attribute, whichever answer (this file's earlier flips included) came first.
    const warnings = logLines().filter((line) => line.includes('logs.level'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/IT Glue sent logs\.level as \w+ \(expected number/);
  });

  it('an integer level (as IT Glue sends it) is read as a number, nothing set aside', async () => {
    server.answer(logsBody(2, 1));
    odd.length = 0;
    const logs = [];
    for await (const log of client.logs.list({
      since: new Date('2026-01-01'),
      until: new Date('2026-01-01T01:00:00Z'),
    }))
      logs.push(log);
    expect(logs[0]).toMatchObject({ level: 2 });
    expect(odd).toEqual([]);
  });

  it('a strict attribute of an unusable type fails the list with the record, attribute and request id', async () => {
    server.answer({
      data: [
        { id: '1', type: 'organizations', attributes: { name: 'Fine' } },
        { id: '2', type: 'organizations', attributes: { name: ['not', 'a', 'name'] } },
      ],
    });
    const error = await (async () => {
      for await (const _org of client.organizations.list());
    })().catch((e: unknown) => e);
    expect(isGlueflowError(error, 'EITGLUE_BAD_RESPONSE')).toBe(true);
    expect((error as Error).message).toBe(
      'IT Glue sent an unexpected answer to GET /organizations: data.attributes.name: expected string or number, received array',
    );
    expect((error as { requestId?: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
