// @nullops/core/contracts — the TypeBox schemas and types every part of NullOps shares: the component
// contract, the agent protocol and plan, the ingress feed and the driver ports. Depends on TypeBox only.
export * from './common.js';
export * from './component.js';
export * from './plan.js';
export * from './protocol.js';
export * from './frames.js';
export * from './ingress.js';
export * from './ingress-pages.js';
export * from './ports.js';
export * from './validate.js';
export * from './documents.js';
