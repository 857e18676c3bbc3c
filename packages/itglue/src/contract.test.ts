/**
 * The client against IT Glue's published contract (reference §6a): every documented answer the
 * client reads is served from a loopback server exactly as published (list bodies framed with meta
 * and links) and must parse — with no attribute set aside, since the models are meant to agree with
 * the docs; every documented request the client builds must have the documented shape (type, where
 * the id goes, which attributes, on a documented path). And every published example is in the table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { contractExamples, exampleName, framedBody, startContractServer } from '@glueflow/emulator';
import type { ContractExample, ContractServer } from '@glueflow/emulator';
import { CONTRACT_CALLS, isNotBuilt } from './__fixtures__/contract-calls.js';
import type { CallEntry } from './__fixtures__/contract-calls.js';
import { kebabCase, snakeCase } from './case.js';
import { createITGlueClient } from './create-client.js';
import type { ITGlueClient } from './itglue-client.js';
import type { OddAttribute } from './tolerant-reader.js';

let server: ContractServer;
let client: ITGlueClient;
let home: string;
const odd: OddAttribute[] = [];

beforeAll(async () => {
  server = await startContractServer();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-contract-'));
  client = await createITGlueClient({
    url: server.url,
    apiKey: 'ITG.contract',
    env: {},
    keychain: false,
    home,
    retry: { retries: 0 },
    hooks: { onOddAttribute: (event) => odd.push(event) },
  });
});
afterAll(async () => {
  await client.close();
  await server.close();
  fs.rmSync(home, { recursive: true, force: true });
});

const examples = contractExamples();
const entryOf = (example: ContractExample) => CONTRACT_CALLS[exampleName(example)];
const called = (kind: ContractExample['kind']) =>
  examples
    .filter((example) => example.kind === kind)
    .map((example) => [exampleName(example), example, entryOf(example)] as const)
    .filter((row): row is readonly [string, ContractExample, CallEntry] => !!row[2] && !isNotBuilt(row[2]));

describe('the table of published examples', () => {
  it('names every published example: a new one in the docs fails here until it is read or built', () => {
    const unknown = examples.map(exampleName).filter((name) => !(name in CONTRACT_CALLS));
    expect(unknown).toEqual([]);
    const stale = Object.keys(CONTRACT_CALLS).filter(
      (name) => !examples.some((e) => exampleName(e) === name),
    );
    expect(stale).toEqual([]);
  });

  it('gives a reason for each example the client does not build, and reads every documented GET', () => {
    const notBuilt = Object.entries(CONTRACT_CALLS).filter(([, entry]) => isNotBuilt(entry));
    for (const [, entry] of notBuilt)
      expect((entry as { notBuilt: string }).notBuilt.length).toBeGreaterThan(20);
    expect(notBuilt.filter(([name]) => name.startsWith('GET '))).toEqual([]);
    expect(called('response').length).toBe(examples.filter((e) => e.kind === 'response').length);
  });
});

describe('documented answers parse', () => {
  it.each(called('response'))('%s', async (_name, example, entry) => {
    server.answer(framedBody(example));
    odd.length = 0;
    const result = await entry.call(client, example);
    expect(odd).toEqual([]);
    const data = (framedBody(example) as { data: unknown }).data;
    if (Array.isArray(data)) expect(result).toHaveLength(data.length);
    else if (example.method === 'GET') expect(result).toMatchObject({ id: (data as { id: string }).id });
  });
});

describe('documented requests have the documented shape', () => {
  it.each(called('request'))('%s', async (_name, example, entry) => {
    server.answer(answerTo(example));
    const before = server.sent.length;
    await entry.call(client, example);
    const sent = server.sent.slice(before).filter((request) => request.method === example.method);
    expect(sent).toHaveLength(1);
    const request = sent[0]!;
    expect(example.aliases.some((alias) => routeOf(alias).test(request.path))).toBe(true);
    expect(shapeOf(request.body)).toEqual(expectedShape(example, entry));
  });
});

/** What the comparison looks at: array or not, type, where the id goes, which attributes. */
interface Shape {
  many: boolean;
  records: Array<{ type: string; idIn: 'top' | 'attributes' | 'none'; keys: string[] }>;
}

function shapeOf(body: unknown): Shape {
  const data = (body as { data: unknown }).data;
  const list = (Array.isArray(data) ? data : [data]) as Array<Record<string, unknown>>;
  const records = list.map((record) => {
    const attributes = (record.attributes ?? {}) as Record<string, unknown>;
    return {
      type: kebabCase(String(record.type)),
      idIn:
        'id' in record ? ('top' as const) : 'id' in attributes ? ('attributes' as const) : ('none' as const),
      keys: keysOf(attributes),
    };
  });
  // Records of one bulk body share a shape; the docs' second records are often elided ({}).
  return { many: Array.isArray(data), records: records.slice(0, 1) };
}

/** Attribute names (and one level of nested object keys), spelled alike whatever the case style. */
function keysOf(attributes: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'id') continue;
    const name = snakeCase(key).toLowerCase();
    keys.push(name);
    if (key !== 'traits' && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const inner of Object.keys(value)) keys.push(`${name}.${snakeCase(inner).toLowerCase()}`);
    }
  }
  return keys.sort();
}

function expectedShape(example: ContractExample, entry: CallEntry): Shape {
  const shape = shapeOf(example.json);
  const differs = entry.differs;
  if (!differs) return shape;
  return {
    many: shape.many,
    records: shape.records.map((record) => ({
      ...record,
      idIn: differs.idIn ?? record.idIn,
      keys: [...record.keys.filter((key) => !differs.omits?.includes(key)), ...(differs.adds ?? [])]
        .filter((key, i, all) => all.indexOf(key) === i)
        .sort(),
    })),
  };
}

function routeOf(alias: string): RegExp {
  const pattern = alias.replace(/:[a-z_]+/g, '[^/]+');
  return new RegExp(`^${pattern}$`);
}

/** A plausible answer to a write: a published record of the same type, or a minimal one. */
function answerTo(example: ContractExample): unknown {
  if (example.method === 'DELETE') return undefined;
  const data = (example.json as { data?: unknown }).data;
  const type = kebabCase(String((Array.isArray(data) ? data[0] : data)?.type ?? 'records'));
  const record = publishedRecord(type) ?? { id: '1', type, attributes: { name: 'x' } };
  return { data: Array.isArray(data) ? [record, { ...record, id: '2' }] : record };
}

function publishedRecord(type: string): unknown {
  for (const example of examples) {
    if (example.kind !== 'response' || example.method !== 'GET') continue;
    const data = (framedBody(example) as { data: unknown }).data;
    const first = (Array.isArray(data) ? data[0] : data) as { type?: string } | undefined;
    if (first?.type === type) return first;
  }
  return undefined;
}
