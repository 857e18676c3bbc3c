export { renderMarkdown } from './render/render-markdown.js';
export type { RenderOptions, RenderedMarkdown } from './render/render-markdown.js';
export type { UrlKind, UrlRewriter } from './render/links.js';
export { FrontMatterError } from './render/front-matter.js';
