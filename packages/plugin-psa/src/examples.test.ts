/** The bundled demo (examples/psa) stays valid: its config loads and syncs cleanly into the emulator. */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createTestEngine, type TestEngine } from '@glueflow/testkit';
import { parse } from 'yaml';
import { psaPlugin } from './plugin.js';

const EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), '../../../examples/psa');

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('examples/psa', () => {
  it('syncs 23 organizations and 10 contacts, then nothing', async () => {
    const config = parse(readFileSync(join(EXAMPLE, '.glueflowrc.yaml'), 'utf8')) as {
      plugins: Array<[string, Record<string, unknown>]>;
      pipelines: Record<string, Array<{ step: string }>>;
    };
    const baseDir = mkdtempSync(join(tmpdir(), 'psa-example-'));
    cpSync(EXAMPLE, baseDir, { recursive: true });
    t = await createTestEngine({
      plugins: [[psaPlugin, config.plugins[0]![1]]],
      pipelines: config.pipelines,
      baseDir,
    });

    const first = await t.run('psa-demo');
    expect(first.messages).toEqual([]);
    expect(first.counts).toMatchObject({ created: 33, skipped: 2, failed: 0 });
    const again = await t.run('psa-demo');
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 33 });
  });
});
