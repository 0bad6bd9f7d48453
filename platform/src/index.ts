// @nullops/platform — the composition root: NullOps on one machine. `startPlatform(options)` starts the
// control plane and its parts (builtin ingress, local agent, demo); `nullops up` is a thin CLI over it.
export { startPlatform, defaultParts, type Platform, type PlatformOptions, type PlatformPart, type PartContext, type StartedPart } from './start.js';
export { localAgent, LOCAL_ENVIRONMENT, LOCAL_NODE, dockerAnswers } from './parts/agent.js';
export { localIngress, localFeedUrl, ingressTokenOf, localTlsOf, BUILTIN_INGRESS_DRIVER } from './parts/ingress.js';
export { localDemo, seedDemo, DEMO_PROJECT } from './parts/demo.js';
export { commands } from './commands/index.js';
