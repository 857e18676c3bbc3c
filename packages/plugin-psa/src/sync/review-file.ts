/**
 * The review file (`psa-review.json`): fuzzy (normalised-name) candidates the sync will not merge on
 * its own. A person sets `decision` to `confirm` or `reject` on each pair; the next run honours it —
 * a confirmed pair is synced into that organization (and remembered as a mapping), a rejected one is
 * never proposed again. The file is meant to be read and edited by people and kept in git: stable
 * order, two-space JSON, written atomically, and only when something changed.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileWithin } from '@glueflow/core';
import { z } from 'zod';
import { psaError } from '../errors.js';
import type { ReviewDecisions } from './match.js';

const pairSchema = z.object({
  source: z.string(),
  sourceKey: z.string(),
  company: z.object({ id: z.string(), name: z.string(), identifier: z.string().nullable().optional() }),
  organization: z.object({ id: z.string(), name: z.string() }),
  reason: z.string().optional(),
  decision: z.enum(['pending', 'confirm', 'reject']),
  proposedAt: z.string().optional(),
});
export type ReviewPair = z.output<typeof pairSchema>;

const fileSchema = z.object({
  about: z.string().optional(),
  pairs: z.array(pairSchema),
});

const ABOUT =
  'PSA companies that look like an existing IT Glue organization but were not merged. Set "decision" to "confirm" (sync into that organization) or "reject" (never propose it again) and run the sync again.';

export class ReviewFile {
  private constructor(
    readonly path: string,
    /** The config folder: the file is only ever written inside it, never through a link. */
    private readonly root: string,
    private pairs: ReviewPair[],
    private readonly original: string,
  ) {}

  /** Reads the file (an absent file is an empty review); a malformed one stops the step, untouched. */
  static async open(path: string, root = dirname(path)): Promise<ReviewFile> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new ReviewFile(path, root, [], '');
      throw psaError('EPSA_REVIEW_FILE', `cannot read ${path}`, 'check the file’s permissions', {
        where: path,
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw psaError(
        'EPSA_REVIEW_FILE',
        `${path} is not valid JSON (${(error as Error).message.split('\n')[0]})`,
        'fix the edit (a missing comma or quote) — the sync leaves the file alone until it parses',
        { where: path },
      );
    }
    const result = fileSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw psaError(
        'EPSA_REVIEW_FILE',
        `${path}: ${issue.path.join('.') || '(file)'} ${issue.message}`,
        'each pair needs "decision": "pending", "confirm" or "reject"',
        { where: `${path}#${issue.path.join('.')}` },
      );
    }
    return new ReviewFile(path, root, result.data.pairs, text);
  }

  /** The decisions a person took for one source key. */
  decisions(sourceKey: string): ReviewDecisions | undefined {
    const mine = this.pairs.filter((p) => p.sourceKey === sourceKey && p.decision !== 'pending');
    if (mine.length === 0) return undefined;
    const confirmed = mine.filter((p) => p.decision === 'confirm');
    return {
      // Two confirmations for one company is a person's mistake: honour none and let it surface as review.
      ...(confirmed.length === 1 ? { confirmed: confirmed[0]!.organization.id } : {}),
      rejected: new Set(mine.filter((p) => p.decision === 'reject').map((p) => p.organization.id)),
    };
  }

  /**
   * Replaces the pending pairs of the source keys evaluated this run with this run's proposals; decided
   * pairs and other sources' pairs stay.
   */
  update(evaluated: ReadonlySet<string>, proposals: ReviewPair[]): void {
    const key = (p: ReviewPair) => `${p.sourceKey}\u0000${p.organization.id}`;
    const proposed = new Set(proposals.map(key));
    // A pending pair proposed again keeps its first `proposedAt`, so an unchanged run rewrites nothing.
    const kept = this.pairs.filter(
      (p) => p.decision !== 'pending' || !evaluated.has(p.sourceKey) || proposed.has(key(p)),
    );
    const known = new Set(kept.map(key));
    const fresh = proposals.filter((p) => !known.has(key(p)));
    this.pairs = [...kept, ...fresh].sort(
      (a, b) => a.sourceKey.localeCompare(b.sourceKey) || a.organization.id.localeCompare(b.organization.id),
    );
  }

  get pending(): number {
    return this.pairs.filter((p) => p.decision === 'pending').length;
  }

  /** Writes when the content changed; an empty review with no file yet writes nothing. */
  async save(): Promise<boolean> {
    if (this.pairs.length === 0 && this.original === '') return false;
    const text = `${JSON.stringify({ about: ABOUT, pairs: this.pairs }, null, 2)}\n`;
    if (text === this.original) return false;
    await writeFileWithin(this.root, this.path, text);
    return true;
  }
}
