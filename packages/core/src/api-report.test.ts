/**
 * Every publishable package's public surface is checked in (api/<package>.api.md, written by
 * scripts/api-report.mjs from its src/index.ts). This fails with the diff when an index exports a name
 * more or less, so a change of public API is seen in review: accept it with `node scripts/api-report.mjs`.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('API reports', () => {
  it('match each package index (otherwise run: node scripts/api-report.mjs to accept)', async () => {
    const result = await promisify(execFile)(process.execPath, ['scripts/api-report.mjs', '--check'], {
      cwd: ROOT,
    }).then(
      () => ({ code: 0, diff: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, diff: error.stderr }),
    );
    expect(result).toEqual({ code: 0, diff: '' });
  }, 120_000);
});
