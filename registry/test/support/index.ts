// @nullops/registry/testing — what other packages' tests use to run a real registry on a fresh database
// and to build plugin images carrying their manifest label.
export * from './registry.js';
