// @nullops/core/testing — what other packages' tests use to run a real control plane on a fresh database,
// and the names of the shared test infrastructure that scripts/test-infra/up.sh starts (infra.ts).
export * from './infra.js';
export { freshDatabase, type FreshDatabase } from './database.js';
export { startTestControlPlane, signIn, sessionCookie, call, apiRoutesOf, TEST_ADMIN, type TestControlPlane } from './control-plane.js';
export { insertFailedDeployment, setPendingThumbprint, type FailedDeploymentRow } from './rows.js';
export { pushTag, pushTags, uniqueRepository } from '../fixtures/registry-images.js';
export { freePort } from '../../src/db/embedded-postgres.js';
export { eventually, GiveUp, type PollOptions } from './poll.js';
export { runCommand, type Ran } from './run-command.js';
