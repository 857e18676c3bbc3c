import { expect, it } from '@jest/globals';
import { createError } from '@glueflow/core';
import { CliContext } from './context.js';
import { reportError } from './report-error.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const ctx = new CliContext({
    argv: [],
    env: {},
    stdout: { write: (chunk: string) => out.push(chunk) > 0 },
    stderr: { write: (chunk: string) => err.push(chunk) > 0 },
  });
  return { ctx, out, err };
}

it('an unusable IT Glue answer prints its request id, as its hint asks a person to report it', () => {
  const { ctx, out, err } = capture();
  const error = createError(
    'EITGLUE_BAD_RESPONSE',
    { where: 'GET /organizations', problem: 'body: expected object, received string' },
    { requestId: '5d1f0e8a-1111-4222-8333-944455556666', status: 200 },
  );
  expect(reportError(ctx, error, true)).toBe(1);
  const text = err.join('');
  expect(text).toContain('EITGLUE_BAD_RESPONSE');
  expect(text).toContain('request id: 5d1f0e8a-1111-4222-8333-944455556666');
  expect(text).toMatch(/hint:.*request id/);
  expect(JSON.parse(out.join(''))).toMatchObject({
    error: { code: 'EITGLUE_BAD_RESPONSE', requestId: '5d1f0e8a-1111-4222-8333-944455556666' },
  });
});
