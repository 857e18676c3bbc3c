import { describe, it, expect } from '@jest/globals';
import { runCli } from './cli.js';

function io(signal?: AbortSignal) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (text: string) => out.push(text), stderr: (text: string) => err.push(text), signal },
  };
}

describe('glueflow-emulator CLI', () => {
  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--port', 'eighty'], '--port must be a non-negative integer, not "eighty"'],
    [['--rate', '3000'], '--rate must be REQUESTS/SECONDS, not "3000"'],
    [['--retry-after', 'soon'], '--retry-after must be seconds, http-date or none, not "soon"'],
    [['--faults', 'meteor:0.1'], 'Invalid fault spec: unknown fault kind "meteor"'],
    [['--generate', '5'], '--generate must be ORGS,PER_ORG, not "5"'],
  ])('refuses %j with one line and exit 64', async (argv, message) => {
    const run = io();
    expect(await runCli(argv, run.io)).toBe(64);
    expect(run.err.join('')).toContain(message);
    expect(run.err.join('').trim().split('\n')).toHaveLength(1);
  });

  it('serves with the given flags, prints the URL and key, and stops on the signal', async () => {
    const controller = new AbortController();
    const run = io(controller.signal);
    const done = runCli(
      [
        '--api-key',
        'ITG.cli',
        '--rate',
        '5/60',
        '--retry-after',
        'http-date',
        '--generate',
        '2,1',
        '--seed',
        '9',
        '--latency',
        '0',
      ],
      run.io,
    );
    let url: string | undefined;
    for (let n = 0; n < 100 && !url; n++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      url = /listening on (\S+)/.exec(run.out.join(''))?.[1];
    }
    expect(run.out.join('')).toContain('API key: ITG.cli');
    const answer = await fetch(`${url}/organizations`, { headers: { 'x-api-key': 'ITG.cli' } });
    expect(((await answer.json()) as { data: unknown[] }).data).toHaveLength(2);
    controller.abort();
    expect(await done).toBe(0);
  });

  it('runs the demo end to end', async () => {
    const run = io();
    expect(await runCli(['--demo'], run.io)).toBe(0);
    const output = run.out.join('');
    expect(output).toContain('GET /organizations');
    expect(output).toContain('429');
    expect(output).toContain('Demo done');
  });

  it('prints usage on --help', async () => {
    const run = io();
    expect(await runCli(['--help'], run.io)).toBe(0);
    expect(run.out.join('')).toContain('Usage: glueflow-emulator');
  });
});
