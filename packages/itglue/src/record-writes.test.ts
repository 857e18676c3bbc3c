/** `onRecordWritten`: every successful write, awaited before it resolves; listeners cannot fail a write. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { captureLogger } from './__fixtures__/capture-logger.js';
import { startHarness } from './__fixtures__/harness.js';
import type { Harness } from './__fixtures__/harness.js';
import type { ITGlueClient } from './itglue-client.js';
import type { RecordWrite } from './record-writes.js';

let h: Harness;
let client: ITGlueClient;
const logger = captureLogger();
beforeAll(async () => {
  h = await startHarness({ generate: { organizations: 1, perOrganization: 0 } });
  client = await h.client({ logger });
});
afterAll(async () => h.close());

describe('onRecordWritten', () => {
  it('tells creates, updates, bulk deletes and single deletes, with what IT Glue answered', async () => {
    const seen: RecordWrite[] = [];
    const stop = client.onRecordWritten((write) => {
      seen.push(write);
    });
    const org = await client.organizations.create({ name: 'Followed Org' });
    await client.organizations.update(org.id, { name: 'Followed Org 2' });
    const pw = await client.passwords.create({ organizationId: org.id, name: 'Router', password: 'x-1' });
    await client.passwords.delete(pw.id);
    await client.organizations.bulkDelete([org.id]);
    stop();
    await client.organizations.create({ name: 'Not followed' });

    expect(seen.map((w) => [w.kind, w.route])).toEqual([
      ['written', 'organizations'],
      ['written', 'organizations'],
      ['written', 'passwords'],
      ['deleted', 'passwords'],
      ['deleted', 'organizations'],
    ]);
    expect(seen[1]).toMatchObject({ records: [{ id: org.id, name: 'Followed Org 2' }] });
    expect(seen[3]).toEqual({ kind: 'deleted', route: 'passwords', ids: [pw.id] });
    expect(seen[4]).toEqual({ kind: 'deleted', route: 'organizations', ids: [org.id] });
  });

  it('awaits a slow listener before the write resolves', async () => {
    let done = false;
    const stop = client.onRecordWritten(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      done = true;
    });
    await client.organizations.create({ name: 'Awaited Org' });
    stop();
    expect(done).toBe(true);
  });

  it('a throwing listener is logged, and the applied write still resolves (a retry would duplicate it)', async () => {
    const stop = client.onRecordWritten(() => {
      throw new Error('cache disk full');
    });
    const created = await client.organizations.create({ name: 'Survives Org' });
    stop();
    expect(await client.organizations.get(created.id)).toMatchObject({ name: 'Survives Org' });
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'itglue record-written listener failed',
        route: 'organizations',
      }),
    );
  });
});
