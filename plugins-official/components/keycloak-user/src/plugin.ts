// nullops/keycloak-user: the user is found by exact username or created, its password reset, and the
// listed realm roles mapped. Run twice, it ends in the same state; rollback deletes only a user it created.
import { PluginError, type PluginDefinition } from '@nullops/sdk';
import { expect, signIn } from './keycloak-admin.js';
import { manifest, type input, type output } from './manifest.js';

const realmPath = (realm: string) => `/admin/realms/${encodeURIComponent(realm)}`;

export const keycloakUser: PluginDefinition<typeof input, typeof output> = {
  manifest,
  async run(params, context, log) {
    const admin = await signIn({ url: params.url, adminRealm: params.adminRealm, clientId: params.adminClientId, username: params.adminUsername, password: params.adminPassword, signal: context.signal });
    const realm = realmPath(params.realm);
    const profile = { username: params.username, enabled: true, emailVerified: params.emailVerified, ...(params.email ? { email: params.email } : {}), ...(params.firstName ? { firstName: params.firstName } : {}), ...(params.lastName ? { lastName: params.lastName } : {}) };

    const found = await admin.call('GET', `${realm}/users?username=${encodeURIComponent(params.username)}&exact=true`);
    if (found.status === 404) throw new PluginError('KEYCLOAK_REALM_NOT_FOUND', `Keycloak has no realm "${params.realm}"`);
    expect(found, [200], `looking up user "${params.username}"`);
    const existing = (found.json as { id: string; username: string }[]).find((u) => u.username.toLowerCase() === params.username.toLowerCase());
    let userId: string;
    if (existing) {
      userId = existing.id;
      expect(await admin.call('PUT', `${realm}/users/${userId}`, profile), [204, 200], `updating user "${params.username}"`);
      log.info(`user "${params.username}" existed (${userId}); updated`);
    } else {
      const created = await admin.call('POST', `${realm}/users`, profile);
      expect(created, [201], `creating user "${params.username}"`);
      userId = created.location?.split('/').pop() ?? '';
      if (!userId) throw new PluginError('KEYCLOAK_REQUEST_FAILED', 'Keycloak created the user but sent no Location header with its id');
      log.info(`user "${params.username}" created (${userId})`);
    }
    expect(await admin.call('PUT', `${realm}/users/${userId}/reset-password`, { type: 'password', value: params.password, temporary: params.temporaryPassword }), [204, 200], `setting the password of "${params.username}"`);

    if (params.realmRoles.length) {
      const roles: unknown[] = [];
      for (const name of params.realmRoles) {
        const role = await admin.call('GET', `${realm}/roles/${encodeURIComponent(name)}`);
        if (role.status === 404) throw new PluginError('KEYCLOAK_ROLE_NOT_FOUND', `realm "${params.realm}" has no role "${name}"; create it in Keycloak or remove it from realmRoles`);
        expect(role, [200], `reading realm role "${name}"`);
        roles.push(role.json);
      }
      expect(await admin.call('POST', `${realm}/users/${userId}/role-mappings/realm`, roles), [204, 200], `granting realm roles to "${params.username}"`);
      log.info(`realm roles granted: ${params.realmRoles.join(', ')}`);
    }
    return { userId, username: params.username, created: !existing };
  },
  async rollback(params, outputs, context, log) {
    if (!outputs.userId) return log.info('no user id recorded: nothing to undo');
    if (outputs.created === false) return log.info(`user "${params.username}" existed before this step: kept`);
    const admin = await signIn({ url: params.url, adminRealm: params.adminRealm, clientId: params.adminClientId, username: params.adminUsername, password: params.adminPassword, signal: context.signal });
    const deleted = await admin.call('DELETE', `${realmPath(params.realm)}/users/${outputs.userId}`);
    expect(deleted, [204, 200, 404], `deleting user "${params.username}"`);
    log.info(deleted.status === 404 ? `user "${params.username}" was already gone` : `user "${params.username}" deleted`);
  },
};
