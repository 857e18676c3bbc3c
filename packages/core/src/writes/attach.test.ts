/**
 * `attach` when two processes attach the same file to the same record at once (two batches of a split
 * run, or a cron run beside one): each has its own listing of the record's attachments, so only the
 * file's lock (AttachOptions.underLock) keeps the second from uploading it again. Real emulator over
 * HTTP, a real SQLite state file, real run locks.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '@glueflow/emulator';
import { createITGlueClient, type ITGlueClient } from '@glueflow/itglue';
import { StateStore } from '../state/state-store.js';
import { whileHolding } from '../state/lock-context.js';
import type { RunLocks } from '../state/run-lock.js';
import { AttachmentListings, attachFile, type AttachOptions } from './attach.js';

let emulator: RunningEmulator;
let client: ITGlueClient;
let state: StateStore;
let locks: RunLocks;
let home: string;

beforeAll(async () => {
  // Slow answers: both processes are between "list the record's files" and "upload" together.
  emulator = await startEmulator({ port: 0, latencyMs: 60 });
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'glueflow-attach-'));
  client = await createITGlueClient({
    url: emulator.url,
    apiKey: 'ITG.emulator',
    env: {},
    keychain: false,
    home,
  });
  state = await StateStore.open({ file: path.join(home, 'state.sqlite') });
  locks = await state.locks();
});
afterAll(async () => {
  await state.close();
  await client.close();
  await emulator.stop();
  await fs.rm(home, { recursive: true, force: true });
});

/** What one process's run passes to attachFile (its own listings: a process's memory). */
function processOptions(): AttachOptions {
  const step = { runId: 'r', pipeline: 'p', index: 0, step: 's', name: 's', plugin: 'glueflow-plugin-test' };
  return {
    client,
    mappings: state.mappings,
    run: { runId: 'r', pipeline: 'p', dryRun: false, instance: 'test', startedAt: new Date().toISOString() },
    step,
    dryRun: false,
    emit: async () => undefined,
    listings: new AttachmentListings(),
    underLock: async (sourceKey, write) => {
      const lock = await locks.acquire(`item:p:${step.plugin}:${sourceKey}`, { waitMs: 10_000 });
      try {
        return await whileHolding(lock, write);
      } finally {
        await lock.release();
      }
    },
  };
}

describe('attach from two processes at once', () => {
  it("one upload: the second waits for the file lock and finds the first one's mapping", async () => {
    const org = await client.organizations.create({ name: 'Attach Race Ltd' });
    const contact = await client.contacts.create({
      organizationId: org.id,
      firstName: 'Ada',
      lastName: 'Race',
    });
    const request = {
      resourceType: 'contacts' as const,
      resourceId: String(contact.id),
      fileName: 'runbook.txt',
      content: Buffer.from('the same file, attached twice at once'),
    };
    const results = await Promise.all([
      attachFile(processOptions(), request),
      attachFile(processOptions(), request),
    ]);
    expect(results.map((r) => r.action).sort()).toEqual(['created', 'unchanged']);
    expect(results[0]!.id).toBe(results[1]!.id);
    const dump = await emulator.admin.dump();
    const files = (dump.attachments ?? []).filter(
      (a) => String(a.attributes['resource-id']) === String(contact.id),
    );
    expect(files).toHaveLength(1);
  });
});
