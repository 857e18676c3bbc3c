/**
 * Issue 16.3, responses: every documented GET example of an emulated resource is asked of the
 * emulator over HTTP (each documented alias, placeholders filled from real records) and compared
 * attribute by attribute — names, JSON types, top-level id and type. Undocumented attributes need a
 * reason in conformance-tables.ts; resources not emulated are listed there too.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator } from '../server.js';
import type { RunningEmulator } from '../types.js';
import { contractExamples, exampleName, type ContractExample } from './examples.js';
import { compareRecords, schemaOf, type Comparison } from './conformance-compare.js';
import { documented, observe } from './conformance-observe.js';
import { EXTRA_ATTRIBUTES, MIN_TYPE_COVERAGE, NOT_EMULATED } from './conformance-tables.js';
import { buildWorld, type World } from './conformance-world.js';

interface TypeResult {
  type: string;
  emulated: boolean;
  comparison?: Comparison;
  /** Documented attributes the examples only show as null (nothing to type-check). */
  untyped: number;
}

interface ExampleResult {
  problems: string[];
  types: TypeResult[];
}

const responses = contractExamples().filter(
  (example) => example.method === 'GET' && example.kind === 'response',
);

describe('the emulator answers as the published examples do', () => {
  let emulator: RunningEmulator;
  let world: World;
  const results = new Map<string, ExampleResult>();

  beforeAll(async () => {
    emulator = await startEmulator();
    world = await buildWorld(emulator);
    for (const example of responses) results.set(exampleName(example), await check(world, example));
  }, 120_000);
  afterAll(() => emulator.stop());

  it.each(responses.map((example) => [exampleName(example)]))('%s', (name) => {
    const result = results.get(name);
    expect(result).toBeDefined();
    expect(result?.problems).toEqual([]);
    for (const type of result?.types ?? []) {
      if (!type.emulated) expect(NOT_EMULATED).toHaveProperty([type.type]);
    }
  });

  it('lists only resources that are documented and really not emulated', () => {
    const documentedTypes = new Set(
      [...results.values()].flatMap((result) => result.types.map((t) => t.type)),
    );
    const stale = Object.keys(NOT_EMULATED).filter(
      (type) => !documentedTypes.has(type) || type in world.dump,
    );
    expect(stale).toEqual([]);
  });

  it('answers an undocumented attribute only with a reason, and every listed reason is still needed', () => {
    const answered = new Set<string>();
    for (const result of results.values()) {
      for (const { type, comparison } of result.types) {
        for (const key of comparison?.extras ?? []) answered.add(`${type}.${key}`);
      }
    }
    const listed = Object.entries(EXTRA_ATTRIBUTES).flatMap(([type, keys]) =>
      Object.keys(keys).map((key) => `${type}.${key}`),
    );
    expect(listed.filter((entry) => !answered.has(entry))).toEqual([]);
  });

  it(`type-checks at least ${MIN_TYPE_COVERAGE * 100} % of the typed documented attributes`, () => {
    let checked = 0;
    let presentOnly = 0;
    let untyped = 0;
    const lines: string[] = [];
    for (const [name, result] of results) {
      for (const { type, comparison, untyped: nulls } of result.types) {
        if (!comparison) continue;
        const typedOnlyPresent = comparison.presentOnly.size - nulls;
        checked += comparison.typeChecked.size;
        presentOnly += typedOnlyPresent;
        untyped += nulls;
        lines.push(
          `${name} [${type}]: ${comparison.typeChecked.size} type-checked, ${typedOnlyPresent} present only (always null here), ${nulls} null in the docs`,
        );
      }
    }
    const share = checked / (checked + presentOnly);
    console.log(
      `${lines.join('\n')}\n\ntotal: ${checked} type-checked, ${presentOnly} present only, ${untyped} null in the docs (present only); ${(share * 100).toFixed(1)} % of typed attributes checked`,
    );
    expect(share).toBeGreaterThanOrEqual(MIN_TYPE_COVERAGE);
  });
});

async function check(world: World, example: ContractExample): Promise<ExampleResult> {
  const doc = documented(example);
  if (!(doc.type in world.dump))
    return { problems: [], types: [{ type: doc.type, emulated: false, untyped: 0 }] };
  const observed = await observe(world, example, doc);
  const problems = [...observed.failures];
  const types: TypeResult[] = [];
  const compare = (
    type: string,
    records: Record<string, unknown>[],
    answered: Parameters<typeof compareRecords>[2],
  ) => {
    const schema = schemaOf(records);
    const comparison = compareRecords(type, schema, answered);
    const untyped = Object.values(schema).filter((spec) => spec.type === null).length;
    types.push({ type, emulated: true, comparison, untyped });
    problems.push(...comparison.problems.map((problem) => `${type}: ${problem}`));
    for (const key of comparison.extras) {
      if (!EXTRA_ATTRIBUTES[type]?.[key])
        problems.push(
          `${type}: ${key}: answered but not documented (add a reason to EXTRA_ATTRIBUTES or drop it)`,
        );
    }
  };
  compare(doc.type, doc.records, observed.records);
  for (const [type, records] of doc.included) {
    if (type in world.dump) compare(type, records, observed.included.get(type) ?? []);
    else types.push({ type, emulated: false, untyped: 0 });
  }
  return { problems, types };
}
