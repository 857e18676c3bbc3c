/** The bridge counts what the tolerant reader set aside, so a run's summary can list it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startContractServer } from '@glueflow/emulator';
import type { ContractServer } from '@glueflow/emulator';
import { createITGlueClient } from '@glueflow/itglue';
import type { ITGlueClient } from '@glueflow/itglue';
import { createHooks } from '../engine/hooks.js';
import { warningsBetween } from '../engine/run-summary.js';
import { TransportBridge } from './transport-bridge.js';

let server: ContractServer;
let client: ITGlueClient;
let home: string;
const bridge = new TransportBridge();

beforeAll(async () => {
  server = await startContractServer();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-bridge-'));
  client = await createITGlueClient({
    url: server.url,
    apiKey: 'ITG.bridge',
    env: {},
    keychain: false,
    home,
    hooks: bridge.clientHooks,
  });
});
afterAll(async () => {
  await client.close();
  await server.close();
  fs.rmSync(home, { recursive: true, force: true });
});

const organizations = (quickNotes: unknown) => ({
  data: [1, 2].map((id) => ({
    id: String(id),
    type: 'organizations',
    attributes: { name: `Org ${id}`, 'quick-notes': quickNotes },
  })),
  meta: { 'next-page': null },
});

it('counts odd attributes per type + attribute; a run reports only what it added', async () => {
  server.answer(organizations({ rich: 'text' }));
  for await (const _ of client.organizations.list());
  const before = bridge.stats();
  expect(before.warnings).toEqual([
    {
      code: 'EITGLUE_ODD_ATTRIBUTE',
      type: 'organizations',
      attribute: 'quick-notes',
      expected: 'string or number',
      found: 'object',
      count: 2,
    },
  ]);
  for await (const _ of client.organizations.list());
  server.answer(organizations('plain text'));
  for await (const _ of client.organizations.list());
  expect(warningsBetween(before.warnings, bridge.stats().warnings)).toEqual([
    expect.objectContaining({ attribute: 'quick-notes', count: 2 }),
  ]);
  expect(warningsBetween(bridge.stats().warnings, bridge.stats().warnings)).toEqual([]);
});

it("forwards the client's events as the engine's hook payloads: same fields, times as ISO", () => {
  const forwarding = new TransportBridge();
  const hooks = createHooks();
  const seen: unknown[] = [];
  hooks.onRequest.tap('probe', (request) => void seen.push(request));
  hooks.onRetry.tap('probe', (retry) => void seen.push(retry));
  hooks.onRateLimited.tap('probe', (info) => void seen.push(info));
  hooks.onCircuitStateChange.tap('probe', (change) => void seen.push(change));
  forwarding.connect(hooks);
  const at = Date.UTC(2026, 0, 2, 3, 4, 5);
  const request = { requestId: 'r1', method: 'GET', path: '/organizations', attempt: 1 };
  forwarding.clientHooks.onRequest?.({
    ...request,
    priority: 'interactive',
    durationMs: 12,
    budgetWaitMs: 3,
    status: 200,
  });
  forwarding.clientHooks.onRequest?.({
    ...request,
    priority: 'bulk',
    durationMs: 9,
    budgetWaitMs: 0,
    errorCode: 'ECONNRESET',
  });
  forwarding.clientHooks.onRetry?.({ ...request, attempt: 2, delayMs: 500, reason: '429' });
  forwarding.clientHooks.onRateLimited?.({
    ...request,
    retryAfterMs: 2000,
    pausedUntil: at,
    learnedLimit: null,
    limit: 3000,
  });
  forwarding.clientHooks.onRateLimited?.({ ...request, pausedUntil: at, learnedLimit: 600, limit: 3000 });
  forwarding.clientHooks.onCircuitStateChange?.({ from: 'closed', to: 'open', at, consecutiveFailures: 5 });
  const iso = new Date(at).toISOString();
  expect(seen).toStrictEqual([
    { ...request, durationMs: 12, status: 200 },
    { ...request, durationMs: 9, errorCode: 'ECONNRESET' },
    { ...request, attempt: 2, delayMs: 500, reason: '429' },
    { pausedUntil: iso, retryAfterMs: 2000 },
    { pausedUntil: iso, retryAfterMs: 0, learnedLimit: 600 },
    { from: 'closed', to: 'open', at: iso },
  ]);
});
