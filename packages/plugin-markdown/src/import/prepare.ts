/**
 * One markdown file, parsed once (the expensive half of rendering) to learn what it refers to — local
 * images, links to other imported files — and turned into HTML as often as needed with the URLs those
 * resolve to (before and after a new record's images are uploaded).
 */
import path from 'node:path';
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import { finishMarkdown, parseMarkdown } from '../render/render-markdown.js';
import type { ParsedMarkdown, RenderedMarkdown } from '../render/render-markdown.js';
import type { UrlRewriter } from '../render/links.js';
import { classifyImage, loadImage } from './image-sources.js';
import type { ImageSource } from './image-sources.js';
import type { ImageUrls } from './image-uploads.js';
import { LinkTargets } from './link-targets.js';
import type { LinkRef } from './link-targets.js';
import type { SourceFile } from './source-files.js';
import type { ImportSettings } from './options.js';

export interface PreparedFile {
  source: SourceFile;
  text: string;
  parsed: ParsedMarkdown;
  title: string;
  frontMatter: Record<string, unknown>;
  /** Image `src` → what it points at. */
  images: Map<string, ImageSource>;
  /** Link `href` → the imported file it points at. */
  links: Map<string, LinkRef>;
  /** Whether any link points at a path (imported or not: a file added later may become its target). */
  hasRelativeLinks: boolean;
}

export interface PrepareOptions {
  baseDir: string;
  /** The config folder's real path: local images are read only from inside it. */
  realRoot: string;
  /** Read and check local images (images: upload); keep/drop never read them. */
  loadImages: boolean;
  maxParseMs: number;
}

export async function prepareFile(
  source: SourceFile,
  text: string,
  links: LinkTargets,
  options: PrepareOptions,
): Promise<PreparedFile> {
  const parsed = await parseMarkdown(text, { fileName: source.path, maxParseMs: options.maxParseMs });
  const fileDir = path.dirname(source.path);
  const images = new Map<string, ImageSource>();
  const hrefs: string[] = [];
  visit(parsed.tree, 'element', (node: Element) => {
    const { src, href } = node.properties;
    if (node.tagName === 'img' && typeof src === 'string')
      images.set(src, classifyImage(src, fileDir, options.baseDir));
    if (node.tagName === 'a' && typeof href === 'string') hrefs.push(href);
  });
  if (options.loadImages) {
    for (const [url, image] of images)
      if (image.kind === 'path') images.set(url, await loadImage(image, options.realRoot));
  }
  const linked = new Map<string, LinkRef>();
  for (const href of hrefs) {
    const link = await links.classify(href, fileDir);
    if (link) linked.set(href, link);
  }
  return {
    source,
    text,
    parsed,
    title: parsed.title ?? source.relativePath,
    frontMatter: parsed.frontMatter,
    images,
    links: linked,
    // Any link to a path (imported or not: a file added later may become its target).
    hasRelativeLinks: hrefs.some((href) => LinkTargets.isRelative(href)),
  };
}

/**
 * The file's HTML with images and links pointed at what they resolved to. `planned`: a dry run, where
 * an image that would be uploaded keeps its path, so the plan shows it instead of a missing image.
 */
export function renderResolved(
  file: PreparedFile,
  settings: ImportSettings,
  imageUrls: ImageUrls,
  linkUrls: ReadonlyMap<string, string>,
  planned = false,
): Promise<RenderedMarkdown> {
  const rewriteUrl: UrlRewriter = (url, kind) => {
    if (kind === 'link') return linkUrls.get(url);
    const image = file.images.get(url);
    if (!image || image.kind === 'remote') return undefined;
    if (image.kind === 'invalid' || settings.images === 'drop') return null;
    if (settings.images === 'keep') return image.kind === 'path' ? undefined : null;
    return imageUrls.get(url) ?? (planned && image.kind === 'file' ? undefined : null);
  };
  const sections = settings.target === 'document' && settings.sections === 'h2';
  return finishMarkdown(file.parsed, {
    rewriteUrl,
    linkSchemes: settings.linkSchemes,
    ...(sections ? { sections: 'h2' as const } : {}),
  });
}
