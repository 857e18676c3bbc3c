/**
 * Relative links between imported files (`[VPN](./vpn.md#client-setup)`) point at the linked file's
 * IT Glue record once it exists: its `resource-url`, plus the anchor with the `user-content-` prefix
 * the sanitizer gives ids. A link to a file not imported yet stays as written and the linking file is
 * revisited at the end of the run. Record URLs are kept in state, so re-runs need no lookups.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isPlannedId } from '@glueflow/core';
import type { StepContext } from '@glueflow/core';
import { urlScheme } from '../render/url-policy.js';
import { CLOBBER_PREFIX } from '../render/links.js';
import type { RecordType } from './image-uploads.js';

export interface LinkRef {
  sourceKey: string;
  fragment?: string;
}

export class LinkTargets {
  /** Records written in this run, by sourceKey. */
  readonly #written = new Map<string, string>();

  constructor(
    private readonly ctx: StepContext,
    private readonly resourceType: RecordType,
    /** Real path → sourceKey of every file this step imports. */
    private readonly sourceKeys: ReadonlyMap<string, string>,
  ) {}

  /** A link to a path (`./vpn.md`, `/docs/x.md`), not to a URL or an anchor of the same file. */
  static isRelative(url: string): boolean {
    return !(urlScheme(url) || url.startsWith('#') || url.startsWith('//') || url.startsWith('?'));
  }

  /**
   * The imported file a relative link points at, if any: by real path, so a link through a symbolic
   * link finds its file, and a path that leads outside the config folder never matches one.
   */
  async classify(url: string, fileDir: string): Promise<LinkRef | undefined> {
    if (!LinkTargets.isRelative(url)) return undefined;
    const [rawPath = '', fragment] = url.split('#', 2);
    const target = safeDecode(rawPath.split('?')[0] ?? '');
    if (target === '') return undefined;
    const absolute = target.startsWith('/')
      ? path.join(this.ctx.baseDir, target)
      : path.resolve(fileDir, target);
    const real = await fs.promises.realpath(absolute).catch(() => undefined);
    const sourceKey = real === undefined ? undefined : this.sourceKeys.get(real);
    if (!sourceKey) return undefined;
    return { sourceKey, ...(fragment ? { fragment } : {}) };
  }

  isWritten(sourceKey: string): boolean {
    return this.#written.has(sourceKey);
  }

  remember(sourceKey: string, id: string): void {
    this.#written.set(sourceKey, id);
  }

  /** The URL of the linked record, or undefined while it does not exist. */
  async urlOf(link: LinkRef): Promise<string | undefined> {
    const id = this.#written.get(link.sourceKey) ?? (await this.ctx.state.mappings.get(link.sourceKey))?.id;
    // A dry run's planned record (planned:…) has no URL yet: the link waits, as for a file not written.
    if (!id || isPlannedId(id)) return undefined;
    const base = await this.recordUrl(id);
    if (!base) return undefined;
    if (!link.fragment) return base;
    const anchor = link.fragment.startsWith(CLOBBER_PREFIX) ? link.fragment : CLOBBER_PREFIX + link.fragment;
    return `${base}#${anchor}`;
  }

  private async recordUrl(id: string): Promise<string | undefined> {
    const bookmark = `record-url:${this.resourceType}:${id}`;
    const cached = await this.ctx.state.bookmarks.get<string>(bookmark);
    if (typeof cached === 'string') return cached;
    const read = this.ctx.itglue.read;
    const record =
      this.resourceType === 'documents' ? await read.documents.get(id) : await read.flexibleAssets.get(id);
    const url = (record as { resourceUrl?: unknown } | null)?.resourceUrl;
    if (typeof url !== 'string' || url === '') return undefined;
    await this.ctx.state.bookmarks.set(bookmark, url);
    return url;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
