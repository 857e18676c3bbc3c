/**
 * The incremental bookmark: the newest `updatedAt` any listed company carried (the PSA's clock, not
 * ours), kept in this plugin's state as `companies:<source>`. The next run asks for changes since then
 * minus a minute of overlap — a company saved in the same second as the listing is not lost, and the
 * ones seen twice cost no write. `full: true` ignores it (and sets it again afterwards).
 */
import type { StepContext } from '@glueflow/core';

const OVERLAP_MS = 60_000;

interface Stored {
  updatedAt: string;
  savedAt: string;
}

export class Bookmark {
  #newest: number | undefined;
  #used = false;

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
    const stored = await this.ctx.state.bookmarks.get<Stored & { [key: string]: string }>(this.name);
    const at = stored ? Date.parse(stored.updatedAt) : NaN;
    if (Number.isNaN(at)) return undefined;
    this.#newest = at;
    this.#used = true;
    return new Date(at - OVERLAP_MS).toISOString();
  }

  saw(updatedAt: string | null): void {
    const at = updatedAt ? Date.parse(updatedAt) : NaN;
    if (!Number.isNaN(at) && (this.#newest === undefined || at > this.#newest)) this.#newest = at;
  }

  async save(): Promise<void> {
    if (!this.supported || this.#newest === undefined) return;
    await this.ctx.state.bookmarks.set(this.name, {
      updatedAt: new Date(this.#newest).toISOString(),
      savedAt: new Date().toISOString(),
    });
  }
}
