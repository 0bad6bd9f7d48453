// @nullops/core — the control plane as a library: build it from config, then (as @nullops/platform does
// for `nullops up`) run it on this machine with generated local secrets and a local node.
export { createControlPlane, type ControlPlane, type ControlPlaneOptions } from './kernel/app.js';
export { loadConfig, Config, ConfigError, type ConfigInput } from './kernel/config.js';
export { fillLocalSecrets } from './kernel/local-mode.js';
export { registerLocalNode, type LocalNode } from './modules/nodes/local-node.js';
export { registerPluginSource } from './modules/plugin-sources/local-source.js';
export { DOCKER_HUB_ID } from './modules/catalog/registries.js';
export { ApiError, ERROR_STATUS, type ErrorCode } from './kernel/errors.js';
export { NULLOPS_VERSION } from './kernel/version.js';
