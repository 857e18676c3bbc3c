/** Every error code the plugin throws or reports is a key of its table (or of core's it builds on). */
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { coreErrors } from '@glueflow/core';
import { unlistedErrorCodes } from '@glueflow/testkit';
import { psaErrors } from './errors.js';

const SRC = fileURLToPath(new URL('.', import.meta.url));

it('psaErrors lists every code its sources use', async () => {
  expect(await unlistedErrorCodes(SRC, [psaErrors, coreErrors])).toEqual([]);
});

it('the check sees a code that is only reported, never thrown (EPSA_LOCKED was once missing)', async () => {
  expect(await unlistedErrorCodes(SRC, [coreErrors])).toContainEqual({
    file: 'sync/missing.ts',
    code: 'EPSA_LOCKED',
  });
});
