import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ReviewFile, type ReviewPair } from './review-file.js';

const pair = (sourceKey: string, org: string, decision: ReviewPair['decision'] = 'pending'): ReviewPair => ({
  source: 'csv',
  sourceKey,
  company: { id: sourceKey.split(':')[1]!, name: `Company ${sourceKey}`, identifier: null },
  organization: { id: org, name: `Org ${org}` },
  decision,
  proposedAt: '2026-01-01T00:00:00.000Z',
});

describe('the review file', () => {
  it('never writes through a planted link: not at the file, not at a predictable temporary name', async () => {
    const base = mkdtempSync(join(tmpdir(), 'review-'));
    const project = join(base, 'project');
    mkdirSync(project);
    const victim = join(base, 'victim.txt');
    writeFileSync(victim, 'precious');
    const path = join(project, 'psa-review.json');
    // The temporary names earlier versions used: <file>.<pid>.tmp.
    symlinkSync(victim, `${path}.${process.pid}.tmp`);
    const review = await ReviewFile.open(path, project);
    review.update(new Set(['csv:1']), [pair('csv:1', '7')]);
    expect(await review.save()).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(JSON.parse(readFileSync(path, 'utf8')).pairs).toHaveLength(1);

    // A review file that is itself a link (to a file that even parses as a review).
    const victimJson = join(base, 'victim.json');
    writeFileSync(victimJson, '{"pairs": []}');
    const linked = join(project, 'linked-review.json');
    symlinkSync(victimJson, linked);
    const other = await ReviewFile.open(linked, project);
    other.update(new Set(['csv:2']), [pair('csv:2', '8')]);
    await expect(other.save()).rejects.toMatchObject({ code: 'EUNSAFE_PATH' });
    expect(readFileSync(victimJson, 'utf8')).toBe('{"pairs": []}');
  });

  it('is never written outside the config folder (reviewFile: ../x.json)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'review-'));
    const project = join(base, 'project');
    mkdirSync(project);
    const review = await ReviewFile.open(join(base, 'escaped.json'), project);
    review.update(new Set(['csv:1']), [pair('csv:1', '7')]);
    await expect(review.save()).rejects.toMatchObject({ code: 'EUNSAFE_PATH' });
    expect(existsSync(join(base, 'escaped.json'))).toBe(false);
  });

  it('writes nothing when there is nothing to review and no file yet', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'review-')), 'psa-review.json');
    const review = await ReviewFile.open(path);
    review.update(new Set(['csv:1']), []);
    expect(await review.save()).toBe(false);
    expect(existsSync(path)).toBe(false);
  });

  it('keeps decisions, replaces pending pairs of evaluated companies, and keeps the first proposedAt', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'review-')), 'psa-review.json');
    writeFileSync(
      path,
      JSON.stringify({
        pairs: [
          pair('csv:1', '10', 'confirm'),
          pair('csv:2', '20'),
          pair('csv:3', '30'),
          pair('csv:4', '40', 'reject'),
        ],
      }),
    );
    const review = await ReviewFile.open(path);
    expect(review.decisions('csv:1')).toEqual({ confirmed: '10', rejected: new Set() });
    expect(review.decisions('csv:4')).toEqual({ rejected: new Set(['40']) });
    expect(review.decisions('csv:2')).toBeUndefined();

    // csv:2 was evaluated and proposed again (kept as is); csv:3 evaluated and no longer a candidate
    // (dropped); csv:5 is new; csv:4's rejection stays.
    review.update(new Set(['csv:1', 'csv:2', 'csv:3', 'csv:4', 'csv:5']), [
      { ...pair('csv:2', '20'), proposedAt: '2026-09-09T00:00:00.000Z' },
      pair('csv:5', '50'),
    ]);
    expect(await review.save()).toBe(true);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { about: string; pairs: ReviewPair[] };
    expect(saved.about).toMatch(/confirm/);
    expect(saved.pairs.map((p) => [p.sourceKey, p.decision, p.proposedAt])).toEqual([
      ['csv:1', 'confirm', '2026-01-01T00:00:00.000Z'],
      ['csv:2', 'pending', '2026-01-01T00:00:00.000Z'],
      ['csv:4', 'reject', '2026-01-01T00:00:00.000Z'],
      ['csv:5', 'pending', '2026-01-01T00:00:00.000Z'],
    ]);
    const again = await ReviewFile.open(path);
    again.update(new Set(['csv:2', 'csv:5']), [pair('csv:2', '20'), pair('csv:5', '50')]);
    expect(await again.save()).toBe(false);
  });

  it('refuses a file a person broke, naming where, and leaves it untouched', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'review-')), 'psa-review.json');
    writeFileSync(path, '{ "pairs": [ { "decision": "confirm" ');
    await expect(ReviewFile.open(path)).rejects.toMatchObject({ code: 'EPSA_REVIEW_FILE' });
    writeFileSync(path, JSON.stringify({ pairs: [{ ...pair('csv:1', '1'), decision: 'yes' }] }));
    await expect(ReviewFile.open(path)).rejects.toMatchObject({
      code: 'EPSA_REVIEW_FILE',
      message: expect.stringContaining('pairs.0.decision'),
    });
  });
});
