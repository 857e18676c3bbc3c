/**
 * Per-file warnings that leave the file importable: images left out, links whose scheme was
 * dropped, a front matter key that misspells one the import reads (`organisation:` would otherwise
 * send the file to the step's default organization without a word). Each is given once per run — a file revisited for its links (or one reached twice) would
 * otherwise repeat every warning.
 */
import { closestName } from '@glueflow/core';
import type { GlueflowMessage, StepContext } from '@glueflow/core';
import type { DroppedLink } from '../render/url-policy.js';
import { topLevelKeys } from './front-matter-lines.js';
import type { ImageSource } from './image-sources.js';

export class FileWarnings {
  readonly #given = new Set<string>();

  constructor(private readonly ctx: StepContext) {}

  droppedLinks(item: string, links: ReadonlyArray<DroppedLink & { trait?: string }>): void {
    for (const link of links) {
      const where = link.trait ? ` in trait "${link.trait}"` : '';
      this.#once({
        severity: 'warning',
        code: 'EMARKDOWN_LINK',
        reason: `${item}${link.place ? `:${link.place}` : ''}: link ${JSON.stringify(link.url)}${where} dropped (its scheme is not allowed); its text is kept`,
        item,
        ...(link.place ? { place: link.place } : {}),
        hint: 'links may be http, https, mailto, tel or relative; add a scheme your team uses on purpose (e.g. rdp) to `linkSchemes`',
      });
    }
  }

  unusableImages(item: string, images: ReadonlyMap<string, ImageSource>): void {
    for (const [url, image] of images) {
      if (image.kind !== 'invalid') continue;
      this.#once({
        severity: 'warning',
        code: 'EMARKDOWN_IMAGE',
        reason: `${item}: image ${url} left out: ${image.reason}`,
        item,
        hint: 'use a PNG, JPEG, GIF, WebP, BMP or TIFF file that really lives inside the config folder (no hidden folders, no links leading out), an http(s) URL, or a data: URI of such an image',
      });
    }
  }

  unknownKeys(item: string, text: string, known: readonly string[]): void {
    for (const { key, line } of topLevelKeys(text)) {
      // Keys for other tools (`tags:`, `owner:`) are common in docs folders and stay quiet; only a
      // near miss of a key the import reads is worth a warning.
      const meant = known.includes(key) ? undefined : closestName(key, known);
      if (!meant) continue;
      this.#once({
        severity: 'warning',
        code: 'EMARKDOWN_UNKNOWN_KEY',
        reason: `${item}:${line}:1: front matter key "${key}" is not read by markdown.import; did you mean "${meant}"?`,
        item,
        place: `${line}:1`,
        hint: `the front matter keys it reads: ${known.join(', ')}`,
      });
    }
  }

  #once(message: GlueflowMessage): void {
    const key = `${message.item ?? ''}\n${message.code ?? ''}\n${message.reason}`;
    if (this.#given.has(key)) return;
    this.#given.add(key);
    this.ctx.report(message);
  }
}
