// @nullops/driver-ingress-builtin/testing — what ingress tests share across driver packages: real
// upstreams, a bounded browser-like load, and requests with a chosen Host header.
export * from './upstreams.js';
export * from './browser-like-load.js';
export { get, eventually, route, table, type Answer } from './control-plane.js';
