// @nullops/core/testing — what other packages' tests use to run a real control plane on a fresh database.
export { freshDatabase, type FreshDatabase } from './database.js';
export { startTestControlPlane, signIn, sessionCookie, call, TEST_ADMIN, type TestControlPlane } from './control-plane.js';
