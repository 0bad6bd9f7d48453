// @nullops/components — the official component plugins as data (their folders and manifests), the
// image builder, and what local mode calls to ship them: `ensureOfficialPlugins({ docker, … })`.
export { OFFICIAL_PLUGINS, officialPlugin, COMPONENTS_ROOT, type OfficialPlugin } from './official-plugins.js';
export { ensurePluginImage, contentHash, imageReference, DEFAULT_BASE_IMAGE, PluginImageError, type PluginImage } from './images/plugin-image.js';
export { ensureOfficialPlugins, OfficialPluginsError, LOCAL_PLUGIN_REGISTRY_NAME, type EnsureOfficialPluginsOptions, type OfficialPlugins, type ServedOfficialPlugin } from './local-mode/ensure-official-plugins.js';
export { LocalImageRegistry } from './local-mode/local-image-registry.js';
