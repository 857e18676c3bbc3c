/**
 * Progress on a terminal (a captured TTY stream, as the run tests use): bars with rate and ETA, and
 * a spinner — never a `0/0` bar — while a step has not said how many items it has.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { Capture, companies, createProject, orgsConfig } from '../__fixtures__/cli-harness.js';
import type { Project } from '../__fixtures__/cli-harness.js';
import { etaText, plainProgressLine, progressLine, rateText } from './progress-line.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.close();
  project = undefined;
});

const sync = (list: unknown[], extra: Record<string, unknown> = {}) =>
  orgsConfig({ nightly: [{ step: 'orgs.sync', with: { companies: list, ...extra } }] });

describe('progress on a terminal', () => {
  it('a bar shows done/total, percent, rate and ETA — and no 0/0 before the total is known', async () => {
    project = await createProject(sync(companies(30)), { latencyMs: 40 });
    const stderr = new Capture(true);
    const result = await project.cli(['run', 'nightly'], { stderr });
    expect(result.code).toBe(0);
    expect(stderr.text).not.toMatch(/\b0\/0\b/);
    // Before the first item: the step's name with a spinner, not an empty bar.
    expect(stderr.text).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] orgs\.sync {2}starting…/);
    // Mid-step frames: items per second since the step started, and the time left at that rate.
    expect(stderr.text).toMatch(/orgs\.sync \[[█░]{30}\] \d+\/30 \d+% · [\d.]+\/s · ETA \d+s/);
  });

  it('a step that never gives a total shows a spinner with what is done and the rate', async () => {
    project = await createProject(sync(companies(30), { announceTotal: false }), { latencyMs: 40 });
    const stderr = new Capture(true);
    const result = await project.cli(['run', 'nightly'], { stderr });
    expect(result.code).toBe(0);
    expect(stderr.text).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] orgs\.sync {2}\d+ done · [\d.]+\/s/);
    expect(stderr.text).not.toMatch(/\[[█░]+\]/);
    expect(stderr.text).not.toMatch(/\b\d+\/0\b/);
  });
});

describe('progress lines', () => {
  const at = (done: number, total: number | undefined, elapsedMs: number) => ({
    step: 'psa.sync',
    done,
    total,
    elapsedMs,
  });

  it('rate since the step started; ETA at that rate; nothing made up before the first item', () => {
    expect(rateText(at(0, 100, 5000))).toBe('–/s');
    expect(etaText(at(0, 100, 5000))).toBe('…');
    expect(rateText(at(5, 100, 2000))).toBe('2.5/s');
    expect(etaText(at(5, 100, 2000))).toBe('38s');
    expect(rateText(at(600, 3000, 20_000))).toBe('30/s');
    expect(etaText(at(600, 3000, 20_000))).toBe('1m 20s');
    expect(etaText(at(10, 40_000, 60_000))).toBe('66h 39m');
  });

  it('a total of 0 (or none) is a spinner, never a bar of nothing', () => {
    expect(progressLine(at(0, 0, 10), 0)).toBe('  ⠋ psa.sync  starting…');
    expect(progressLine(at(3, undefined, 1000), 1)).toBe('  ⠙ psa.sync  3 done · 3.0/s');
    expect(progressLine(at(1, 4, 1000))).toBe(
      `  psa.sync [${'█'.repeat(8)}${'░'.repeat(22)}] 1/4 25% · 1.0/s · ETA 3s`,
    );
    expect(plainProgressLine(at(50, 200, 10_000))).toBe('  psa.sync: 50/200 (5.0/s, ETA 30s)');
    expect(plainProgressLine(at(100, undefined, 10_000))).toBe('  psa.sync: 100 done (10/s)');
  });
});
