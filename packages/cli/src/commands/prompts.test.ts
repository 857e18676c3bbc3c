/**
 * The terminal prompts of `init` and `auth set`, typed into the built CLI in a child process (jest's
 * module VM cannot load @inquirer). The key typed at the hidden prompt is never echoed.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from '@jest/globals';

const DRIVER = fileURLToPath(new URL('../__fixtures__/tty-driver.mjs', import.meta.url));
const DOWN = '\u001b[B';
let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function typeInto(
  argv: string[],
  keys: Array<{ after: string; type: string }>,
  env: Record<string, string> = {},
) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-tty-'));
  const input = JSON.stringify({
    argv,
    cwd: dir,
    env: { GLUEFLOW_HOME: path.join(dir, 'home'), ...env },
    keys,
  });
  const { stdout } = await promisify(execFile)(process.execPath, [DRIVER, input], { timeout: 20_000 });
  return JSON.parse(stdout) as { code: number; stdout: string; stderr: string; keychain: string | null };
}

describe('prompts on a terminal', () => {
  it('init asks for the region and the examples', async () => {
    const result = await typeInto(
      ['init'],
      [
        { after: 'Where is your IT Glue account?', type: DOWN },
        { after: 'EU', type: '\r' },
        { after: 'Example pipelines', type: '\u0015psa\r' },
      ],
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Where is your IT Glue account?');
    const written = fs.readFileSync(path.join(dir!, '.glueflowrc.yaml'), 'utf8');
    expect(written).toContain('region: eu');
    expect(written).toContain('psa-nightly:');
    expect(written).not.toContain('runbooks:');
  });

  it('auth set reads the key at a hidden prompt', async () => {
    const result = await typeInto(
      ['auth', 'set'],
      [{ after: 'IT Glue API key:', type: 'ITG.typed-at-the-prompt\r' }],
    );
    expect(result.code).toBe(0);
    expect(result.keychain).toBe('ITG.typed-at-the-prompt');
    expect(result.stdout + result.stderr).not.toContain('typed-at-the-prompt');
  });
});
