/**
 * Reads a secret the way credential tools do: a hidden prompt on a terminal, otherwise all of stdin
 * (`printf %s "$KEY" | glueflow auth set`). Never from argv, where it would land in shell history and
 * in `ps` output.
 */
import type { CliContext } from '../context.js';
import { UsageError } from '../usage-error.js';

export async function readSecret(ctx: CliContext, prompt: string): Promise<string> {
  const stdin = ctx.stdin;
  if (!stdin)
    throw new UsageError('no input to read the secret from', 'pipe it on stdin or run on a terminal');
  let value: string;
  if (stdin.isTTY) {
    const { default: password } = await import('@inquirer/password');
    value = await password(
      { message: prompt, mask: '*' },
      { input: stdin, output: ctx.stderr as unknown as NodeJS.WritableStream, clearPromptOnDone: true },
    );
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    value = Buffer.concat(chunks).toString('utf8');
  }
  value = value.trim();
  if (!value)
    throw new UsageError(
      'the secret is empty',
      'pipe it on stdin (printf %s "$KEY" | …) or type it at the prompt',
    );
  return value;
}
