// @nullops/core — the control plane as a library: build it from config, or run `nullops`.
export { createControlPlane, type ControlPlane, type ControlPlaneOptions } from './kernel/app.js';
export { loadConfig, Config, ConfigError } from './kernel/config.js';
export { ApiError, ERROR_STATUS, type ErrorCode } from './kernel/errors.js';
export { NULLOPS_VERSION } from './kernel/version.js';
