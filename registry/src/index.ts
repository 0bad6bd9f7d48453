// @nullops/registry — the plugin registry server: `startRegistry` for the `nullops-registry` bin and the
// composition root, `createRegistry` for tests and embedding.
export { startRegistry, REGISTRY_DATABASE, type StartRegistryOptions, type RunningRegistry } from './start.js';
export { createRegistry, type RegistryServer, type RegistryOptions } from './app.js';
export { loadRegistryConfig, RegistryConfig, RegistryConfigError } from './config.js';
export { publishOfficialPlugins, describeOfficialPublish, OFFICIAL_SCOPE, type PublishablePlugin, type OfficialPublishReport } from './official-plugins.js';
export { API_BASE } from './discovery.js';
