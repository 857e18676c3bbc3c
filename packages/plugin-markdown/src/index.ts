/** @glueflow/plugin-markdown — the plugin (default export), its renderer and its option types. */
import { markdownPlugin } from './plugin.js';

export default markdownPlugin;
export { markdownPlugin, PLUGIN_NAME } from './plugin.js';
export { renderMarkdown } from './render/render-markdown.js';
export type { RenderOptions, RenderedMarkdown } from './render/render-markdown.js';
export type { RenderedSection } from './render/sections.js';
export type { UrlKind, UrlRewriter } from './render/links.js';
export { FrontMatterError } from './render/front-matter.js';
export { MarkdownImportError } from './import/errors.js';
export { markdownErrors } from './import/errors.js';
export type { MarkdownErrorCode } from './import/errors.js';
export { pluginOptionsSchema, stepOptionsSchema } from './import/options.js';
export type { PluginOptions, StepOptions } from './import/options.js';
