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
        path: 'pipelines.mail[0].with.source.password',
        message: 'literal secret in config',
        found: `a string of ${VALUE.length} characters (value hidden)`,
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
});
