/** Every error code the plugin throws or reports is a key of its table (or of core's it builds on). */
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { coreErrors } from '@glueflow/core';
import { unlistedErrorCodes } from '@glueflow/testkit';
import { markdownErrors } from './errors.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

it('markdownErrors lists every code its sources use', async () => {
  expect(await unlistedErrorCodes(SRC, [markdownErrors, coreErrors])).toEqual([]);
  expect(markdownErrors.codes.length).toBeGreaterThan(0);
});
