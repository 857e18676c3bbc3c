/** The bridge counts what the tolerant reader set aside, so a run's summary can list it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startContractServer } from '@glueflow/emulator';
import type { ContractServer } from '@glueflow/emulator';
import { createITGlueClient } from '@glueflow/itglue';
import type { ITGlueClient } from '@glueflow/itglue';
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
