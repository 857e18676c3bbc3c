/**
 * One markdown file, parsed once to learn what it refers to (local images, links to other imported
 * files) and rendered again — only when something needs rewriting — with the URLs those resolve to.
 */
import path from 'node:path';
import { renderMarkdown } from '../render/render-markdown.js';
import type { RenderedMarkdown } from '../render/render-markdown.js';
import type { UrlRewriter } from '../render/links.js';
import { classifyImage } from './image-sources.js';
import type { ImageSource } from './image-sources.js';
import type { ImageUrls } from './image-uploads.js';
import type { LinkRef, LinkTargets } from './link-targets.js';
import type { SourceFile } from './source-files.js';
import type { ImportSettings } from './options.js';

export interface PreparedFile {
  source: SourceFile;
  text: string;
  /** The first rendering: final when `needsRewrite` is false. */
  rendered: RenderedMarkdown & { title: string };
  images: Map<string, ImageSource>;
  links: Map<string, LinkRef>;
  needsRewrite: boolean;
}

export async function prepareFile(
  source: SourceFile,
  text: string,
  settings: ImportSettings,
  baseDir: string,
  links: LinkTargets,
): Promise<PreparedFile> {
  const fileDir = path.dirname(source.path);
  const images = new Map<string, ImageSource>();
  const linked = new Map<string, LinkRef>();
  const collect: UrlRewriter = (url, kind) => {
    if (kind === 'image') images.set(url, classifyImage(url, fileDir, baseDir));
    else {
      const link = links.classify(url, fileDir);
      if (link) linked.set(url, link);
    }
    return undefined;
  };
  const rendered = await renderMarkdown(text, renderOptions(source, settings, collect));
  const needsRewrite = linked.size > 0 || [...images.values()].some((image) => image.kind !== 'remote');
  return {
    source,
    text,
    rendered: { ...rendered, title: rendered.title ?? source.relativePath },
    images,
    links: linked,
    needsRewrite,
  };
}

/** Renders the file with images and links pointed at what they resolved to. */
export async function renderResolved(
  file: PreparedFile,
  settings: ImportSettings,
  imageUrls: ImageUrls,
  linkUrls: ReadonlyMap<string, string>,
): Promise<RenderedMarkdown> {
  if (!file.needsRewrite) return file.rendered;
  const rewrite: UrlRewriter = (url, kind) => {
    if (kind === 'link') return linkUrls.get(url);
    const image = file.images.get(url);
    if (!image || image.kind === 'remote') return undefined;
    if (image.kind === 'invalid' || settings.images === 'drop') return null;
    if (settings.images === 'keep') return image.kind === 'file' ? undefined : null;
    return imageUrls.get(url) ?? null;
  };
  return renderMarkdown(file.text, renderOptions(file.source, settings, rewrite));
}

function renderOptions(source: SourceFile, settings: ImportSettings, rewriteUrl: UrlRewriter) {
  return {
    fileName: source.path,
    rewriteUrl,
    ...(settings.target === 'document' && settings.sections === 'h2' ? { sections: 'h2' as const } : {}),
  };
}
