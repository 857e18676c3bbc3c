/** The `serve:` block: loaded into the resolved config, merged over `extends`, checked like every key. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'glueflow-serve-config-'));
  await writeFile(path.join(dir, 'package.json'), '{"name":"fixture"}');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => writeFile(path.join(dir, name), text);
const load = () => loadConfig({ cwd: dir, env: { HOME: dir, XDG_CACHE_HOME: path.join(dir, 'xdg') } });

describe('serve:', () => {
  it('reaches the resolved config; schedules merge by pipeline over extends, other keys override', async () => {
    await write(
      'base.yaml',
      'serve:\n  port: 9000\n  schedule:\n    nightly: "0 2 * * *"\n    hourly: "0 * * * *"\n',
    );
    await write(
      '.glueflowrc.yaml',
      [
        'extends: ./base.yaml',
        'serve:',
        '  schedule:',
        '    nightly: { cron: "30 3 * * *", timezone: Europe/Amsterdam }',
        '  watch: { every: 60s }',
        '  itglue: { token: { env: HOOK_TOKEN } }',
        '',
      ].join('\n'),
    );
    const config = await load();
    expect(config.serve).toEqual({
      port: 9000,
      schedule: {
        nightly: { cron: '30 3 * * *', timezone: 'Europe/Amsterdam' },
        hourly: '0 * * * *',
      },
      watch: { every: '60s' },
      itglue: { token: { env: 'HOOK_TOKEN' } },
    });
  });

  it('refuses a literal token (never echoing it), a bad duration and an unknown key, all at once', async () => {
    await write(
      '.glueflowrc.json',
      JSON.stringify({
        serve: { itglue: { token: 'hunter2-literal' }, watch: { every: 'often' }, prot: 8080 },
      }),
    );
    const error = await load().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const text = JSON.stringify((error as ConfigError).problems);
    expect(text).toContain('literal secret');
    expect(text).toContain('a duration like 30s');
    expect(text).toContain('prot');
    expect(text).not.toContain('hunter2-literal');
  });
});
