/**
 * An e-mail filed by glueflow whose record a person deleted in IT Glue: the next import re-creates it
 * once (with its files) and counts it `recreated`, or — `onDeleted: report` — leaves it deleted and
 * says so, instead of calling it unchanged forever.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { emailRecords, emailWorld, FIXTURES, ROUTE } from '../__fixtures__/email-world.js';
import type { World } from '../__fixtures__/email-world.js';

let world: World | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await world?.t.close();
  world = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function inbox(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'email-inbox-'));
  dirs.push(dir);
  for (const file of files) fs.copyFileSync(path.join(FIXTURES, 'corpus', file), path.join(dir, file));
  return dir;
}

describe('an e-mail record deleted in IT Glue', () => {
  it('is re-created once with its files, then unchanged; onDeleted: report leaves it deleted', async () => {
    world = await emailWorld();
    const { t } = world;
    const options = {
      source: { type: 'directory', path: inbox(['03-licence-pdf.eml', '02-multipart-alternative.eml']) },
      route: ROUTE,
    };
    const first = await t.runStep('email.import', options);
    expect(first.counts).toMatchObject({ created: 2, failed: 0 });
    const before = await emailRecords(t);
    const licence = before.assets.find((a) => before.filesOf('flexible', a.id).length > 0)!;
    await t.admin.remove('flexible_assets', licence.id);

    const reported = await t.runStep('email.import', { ...options, onDeleted: 'report' });
    expect(reported.counts).toMatchObject({ skipped: 1, unchanged: 1, recreated: 0, created: 0 });
    expect(reported.messages.filter((m) => m.code === 'EDELETED_IN_ITGLUE')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        reason: expect.stringContaining(`flexible-asset #${licence.id}`),
      }),
    ]);
    expect((await emailRecords(t)).assets).toHaveLength(1);

    const rerun = await t.runStep('email.import', options);
    expect(rerun.counts).toMatchObject({ recreated: 1, created: 0, unchanged: 1, failed: 0 });
    const after = await emailRecords(t);
    expect(after.assets).toHaveLength(2);
    const again = after.assets.find((a) => !before.assets.some((b) => b.id === a.id))!;
    expect(after.filesOf('flexible', again.id)).toEqual(before.filesOf('flexible', licence.id));

    t.admin.resetStats();
    const third = await t.runStep('email.import', options);
    expect(third.counts).toMatchObject({ recreated: 0, created: 0, unchanged: 2 });
    expect(t.admin.stats().writesApplied).toBe(0);
  });
});
