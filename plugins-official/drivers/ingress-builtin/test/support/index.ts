// @nullops/driver-ingress-builtin/testing — what ingress tests share across driver packages: real
// upstreams, a bounded load, and requests with a chosen Host header.
export * from './upstreams.js';
export * from './load.js';
export { get, eventually, route, table, type Answer } from './control-plane.js';
