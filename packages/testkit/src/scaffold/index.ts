export { scaffoldPlugin } from './scaffold-plugin.js';
export type { ScaffoldPluginOptions, ScaffoldedPlugin } from './scaffold-plugin.js';
export { parsePluginName, PLUGIN_PREFIX } from './plugin-name.js';
export type { PluginName } from './plugin-name.js';
