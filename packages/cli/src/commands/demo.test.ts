/**
 * `glueflow demo` end to end, in-process: the example pipelines on an embedded emulator, each planned,
 * run, re-run with zero writes, then a password rotation seen by watch. No account, no network.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { invoke } from '../__fixtures__/cli-harness.js';

describe('glueflow demo', () => {
  it('runs every example pipeline, re-runs them with zero writes, and exits 0', async () => {
    // A user's real settings must not leak in: the demo uses its own emulator, key, home and keychain.
    const result = await invoke(['demo'], {
      env: {
        ITGLUE_API_KEY: 'ITG.real-account-key',
        ITGLUE_API_URL: 'https://api.itglue.com',
        GLUEFLOW_HOME: '/nonexistent',
      },
      keychain: {
        get: () => {
          throw new Error('the demo must not read the keychain');
        },
        set: () => undefined,
        delete: () => false,
      },
    });
    expect(result.stderr).not.toContain('did not behave');
    expect(result.code).toBe(0);
    const out = result.stdout;
    for (const pipeline of ['psa-sync', 'runbooks', 'mail']) expect(out).toContain(`pipeline "${pipeline}"`);
    expect(out.match(/✓ exactly what the plan said/g)).toHaveLength(3);
    expect(out.match(/✓ 0 write request\(s\)/g)).toHaveLength(3);
    expect(out).toContain('onPasswordRotated fired 1 time(s)');
    expect(out).not.toContain('real-account-key');
    const skeleton = out
      .split('\n')
      .filter((line) => /^(━━| {2}pipeline| {2}(psa-sync|runbooks|mail) |✓ Every|Next:)/.test(line))
      .map((line) => line.replace(/\s+/g, ' ').replace(/ \d+ \d+ \d+ \d+ \d+$/, ' <counts>'));
    expect(skeleton).toMatchSnapshot();
  }, 60_000);

  it('fails loudly when the example config names a step no plugin provides (exit 78)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glueflow-demo-'));
    const config = path.join(dir, 'glueflow.config.mjs');
    fs.writeFileSync(
      config,
      `export default { plugins: ['markdown'], pipelines: { x: [{ step: 'markdown.export' }] } };\n`,
    );
    const result = await invoke(['demo', '--config', config]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('unknown step "markdown.export"');
  });

  it('says what to do when the examples are missing', async () => {
    const result = await invoke(['demo', '--config', path.join(os.tmpdir(), 'no-such-demo.mjs')]);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('run the demo from a clone of the glueflow repository');
  });
});
