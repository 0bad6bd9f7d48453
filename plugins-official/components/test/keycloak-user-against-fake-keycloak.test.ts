// keycloak-user against fake-keycloak (Keycloak itself cannot run here; see support/fake-keycloak.ts):
// the user gets its password and realm roles, a second run updates instead of duplicating, and rollback
// deletes only a user the step created.
import t from 'tap';
import type { InvocationEnvelope } from '@nullops/core/contracts';
import { FAKE_KEYCLOAK_ADMIN } from './support/fake-keycloak.js';
import { runPlugin } from './support/run-plugin.js';
import { startWorld } from './support/world.js';

const world = await startWorld(['keycloak']);
t.teardown(() => world.stop());

const params = { url: 'http://keycloak:8080', realm: 'shop', adminUsername: FAKE_KEYCLOAK_ADMIN.username, adminPassword: FAKE_KEYCLOAK_ADMIN.password, username: 'QA-Seller', password: 'first-password', realmRoles: ['seller'] };
const envelope = (action: 'run' | 'rollback', extra: Record<string, unknown> = {}, outputs: Record<string, unknown> = {}): InvocationEnvelope => ({
  apiVersion: 'nullops.dev/v1',
  action,
  params: { ...params, ...extra },
  context: { deployment: { id: 'dep-3', name: 'pr-9', project: 'shop', environment: 'qa' }, services: {}, outputs: { user: outputs }, attempt: 1, idempotencyKey: 'dep-3/1/user', deadline: new Date(Date.now() + 60_000).toISOString() },
});
const state = async () => ((await (await fetch(`http://127.0.0.1:${world.ports.keycloak}/fake/state`)).json()) as { users: { id: string; username: string; realmRoles: string[]; password?: { value: string; temporary: boolean }; enabled: boolean }[] }).users;

t.test('creates the user with its password and realm roles', async (t) => {
  const run = await runPlugin('keycloak-user', envelope('run'), world.network);
  t.ok(run.result.ok, JSON.stringify(run.document));
  const users = await state();
  t.equal(users.length, 1);
  t.match(users[0], { username: 'qa-seller', enabled: true, realmRoles: ['seller'], password: { value: 'first-password', temporary: false } });
  t.notOk(run.logs.join('\n').includes('first-password'), 'the password is not logged');
});

t.test('a second run updates the same user (new password, more roles) instead of failing or duplicating', async (t) => {
  const run = await runPlugin('keycloak-user', envelope('run', { password: 'second-password', realmRoles: ['seller', 'buyer'], temporaryPassword: true }), world.network);
  t.match(run.document, { outputs: { created: false } });
  const users = await state();
  t.equal(users.length, 1, 'still one user');
  t.match(users[0], { realmRoles: ['seller', 'buyer'], password: { value: 'second-password', temporary: true } });
});

t.test('rollback keeps a user the step did not create, deletes one it did', async (t) => {
  const id = (await state())[0].id;
  const kept = await runPlugin('keycloak-user', envelope('rollback', {}, { userId: id, username: 'QA-Seller', created: false }), world.network);
  t.ok(kept.result.ok);
  t.equal((await state()).length, 1, 'a pre-existing user is kept');
  const deleted = await runPlugin('keycloak-user', envelope('rollback', {}, { userId: id, username: 'QA-Seller', created: true }), world.network);
  t.ok(deleted.result.ok, JSON.stringify(deleted.document));
  t.same(await state(), [], 'the user the step created is gone');
});
