/**
 * Issue 16.3, requests: every published POST/PATCH/DELETE body of an emulated route is sent to the
 * emulator as published (placeholder ids swapped for records that exist, other changes listed in
 * REQUEST_ADJUSTMENTS) and must be accepted. Each example starts from a fresh account.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator } from '../server.js';
import type { RunningEmulator } from '../types.js';
import { exampleName, type ContractExample } from './examples.js';
import { NOT_EMULATED } from './conformance-tables.js';
import {
  REQUEST_ADJUSTMENTS,
  planRequest,
  requestExamples,
  requestWorld,
  routeType,
  type RequestWorld,
} from './conformance-requests.js';

const examples = requestExamples();

describe('the emulator accepts the published request bodies', () => {
  let emulator: RunningEmulator;
  let world: RequestWorld;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  beforeEach(async () => {
    await emulator.admin.reset();
    world = await requestWorld(emulator);
  });
  afterAll(() => emulator.stop());

  it.each(examples.map((example): [string, ContractExample] => [exampleName(example), example]))(
    '%s',
    async (_name, example) => {
      const type = routeType(example);
      if (!(type in world.dump)) {
        // Not emulated: the response test's table says why.
        expect(NOT_EMULATED).toHaveProperty([type]);
        return;
      }
      const plan = await planRequest(world, example);
      const answer = await world.api.send(example.method, plan.path, {
        body: JSON.stringify(plan.body),
        headers: { 'content-type': 'application/vnd.api+json' },
      });
      expect(`${answer.status} ${answer.status < 300 ? '' : answer.text}`).toMatch(/^2\d\d $/);
      if (answer.status === 204) return;
      const data = answer.body.data as { type: string } | { type: string }[];
      for (const record of Array.isArray(data) ? data : [data]) expect(record.type).toBe(type);
    },
  );

  it('adjusts only published examples, each for a stated reason', () => {
    const names = new Set(examples.map(exampleName));
    for (const [name, { why }] of Object.entries(REQUEST_ADJUSTMENTS)) {
      expect(names.has(name) ? why.length : name).toBeGreaterThan(20);
    }
  });
});
