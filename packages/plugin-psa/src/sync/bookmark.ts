/**
 * The incremental bookmark: the newest `updatedAt` any listed record carried (the PSA's clock, not
 * ours), kept in this plugin's state as `companies:<source>` / `contacts:<source>`. The next run asks
 * for changes since then minus a minute of overlap, so a record saved in the same second as the
 * listing is not lost. The records of that last minute are remembered with their `updatedAt`: when the
 * overlap lists one again unchanged, it is a replay and is skipped — an idle run costs no IT Glue
 * request at all. `full: true` ignores the bookmark (and saves it again afterwards).
 */
import type { StepContext } from '@glueflow/core';

const OVERLAP_MS = 60_000;

type Stored = {
  updatedAt: string;
  savedAt: string;
  /** id → updatedAt of the records seen in the overlap window. */
  recent?: Record<string, string>;
};

export class Bookmark {
  #newest: number | undefined;
  #used = false;
  #recent: Record<string, string> = {};
  readonly #seen: Array<[id: string, updatedAt: string, at: number]> = [];

  constructor(
    private readonly ctx: StepContext,
    readonly name: string,
    /** The provider filters by `since`; otherwise there is nothing to keep. */
    private readonly supported: boolean,
    /** `full: true`: list everything now, but still save the bookmark for the next run. */
    private readonly ignoreStored: boolean,
  ) {}

  /** True when this run lists only changes (a bookmark existed and was used). */
  get incremental(): boolean {
    return this.#used;
  }

  async since(): Promise<string | undefined> {
    if (!this.supported || this.ignoreStored) return undefined;
    const stored = await this.ctx.state.bookmarks.get<Stored>(this.name);
    const at = stored ? Date.parse(stored.updatedAt) : NaN;
    if (Number.isNaN(at)) return undefined;
    this.#newest = at;
    this.#used = true;
    this.#recent = stored?.recent ?? {};
    return new Date(at - OVERLAP_MS).toISOString();
  }

  /** Notes a listed record; true when it is the overlap listing again a record already synced, unchanged. */
  saw(id: string, updatedAt: string | null): boolean {
    const at = updatedAt ? Date.parse(updatedAt) : NaN;
    if (Number.isNaN(at)) return false;
    this.#seen.push([id, updatedAt!, at]);
    if (this.#newest === undefined || at > this.#newest) this.#newest = at;
    return this.#recent[id] === updatedAt;
  }

  async save(): Promise<void> {
    if (!this.supported || this.#newest === undefined) return;
    const newest = this.#newest;
    const recent: Record<string, string> = {};
    // Still-valid entries of the previous run (not listed again this time) and this run's last minute.
    for (const [id, updatedAt] of Object.entries(this.#recent)) {
      if (Date.parse(updatedAt) >= newest - OVERLAP_MS) recent[id] = updatedAt;
    }
    for (const [id, updatedAt, at] of this.#seen) if (at >= newest - OVERLAP_MS) recent[id] = updatedAt;
    const value: Stored = {
      updatedAt: new Date(newest).toISOString(),
      savedAt: new Date().toISOString(),
      recent,
    };
    await this.ctx.state.bookmarks.set(this.name, value);
  }
}
