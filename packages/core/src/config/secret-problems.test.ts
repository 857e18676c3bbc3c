/** A literal secret is a config error that never shows the value — also deep inside unions. */
import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { formatProblems, zodIssuesToProblems } from './problems.js';
import { secret } from './secrets.js';

const VALUE = 'hunter2-very-secret';
const source = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('directory'), path: z.string() }),
  z.strictObject({
    type: z.literal('imap'),
    host: z.string(),
    user: z.string(),
    password: secret('IMAP password'),
  }),
]);
const options = z.strictObject({ source, token: z.union([z.number(), z.boolean()]).optional() });

function problemsOf(input: unknown) {
  const result = options.safeParse(input, { reportInput: true });
  if (result.success) throw new Error('expected a failure');
  return zodIssuesToProblems(result.error.issues, '/cfg/glueflow.config.yaml', [
    'pipelines',
    'mail',
    0,
    'with',
  ]);
}

describe('secret values in config problems', () => {
  it('a literal secret inside a union branch is named as such, its value hidden', () => {
    const problems = problemsOf({
      source: { type: 'imap', host: 'mail.example.com', user: 'docs', password: VALUE },
    });
    const report = formatProblems(problems);
    expect(report).not.toContain(VALUE);
    expect(problems).toEqual([
      expect.objectContaining({
        place: 'pipelines.mail[0].with.source.password',
        reason: 'literal secret in config',
        actual: 'a string (value not shown)',
        hint: expect.stringContaining('{ env: NAME }'),
      }),
    ]);
  });

  it('any problem under a secret-named key hides the value, whatever the schema says', () => {
    const report = formatProblems(problemsOf({ source: { type: 'directory', path: '/mail' }, token: VALUE }));
    expect(report).toContain('with.token');
    expect(report).not.toContain(VALUE);
  });

  it('values under ordinary keys are still shown, to help fix them', () => {
    const report = formatProblems(problemsOf({ source: { type: 'directory', path: 42 } }));
    expect(report).toContain('number 42');
  });

  it.each([
    ['a number', 12345678],
    ['a list', [VALUE, 'second']],
    ['a reference with a default', { env: 'IMAP_PASSWORD', default: VALUE }],
    ['a reference with a value', { keychain: 'imap', value: VALUE }],
  ])('%s given for a secret option is refused, type only', (_shape, password) => {
    const problems = problemsOf({
      source: { type: 'imap', host: 'mail.example.com', user: 'docs', password },
    });
    const report = formatProblems(problems);
    for (const leak of [VALUE, '12345678', 'second']) expect(report).not.toContain(leak);
    expect(problems).toEqual([
      expect.objectContaining({
        place: 'pipelines.mail[0].with.source.password',
        expected: expect.stringContaining('{ env: NAME } or { keychain: NAME }'),
        actual: expect.stringMatching(/\((value|values) not shown\)$/),
      }),
    ]);
  });

  it('a number under a secret-named key of any schema is not echoed', () => {
    const report = formatProblems(
      problemsOf({ source: { type: 'directory', path: '/mail' }, token: { env: 'X', default: VALUE } }),
    );
    expect(report).toContain('with.token');
    expect(report).not.toContain(VALUE);
  });
});
