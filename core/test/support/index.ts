// @nullops/core/testing — what other packages' tests use to run a real control plane on a fresh database,
// and the names of the shared test infrastructure that scripts/test-infra/up.sh starts (infra.ts).
export * from './infra.js';
export { freshDatabase, type FreshDatabase } from './database.js';
export { startTestControlPlane, signIn, sessionCookie, call, TEST_ADMIN, type TestControlPlane } from './control-plane.js';
export { startStack, waitFor, waitForStatus, type Stack } from './orchestration.js';
