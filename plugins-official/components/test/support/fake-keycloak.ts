// fake-keycloak: Keycloak cannot run in this test environment (no Docker Hub, and a JVM server far too
// heavy for CI), so keycloak-user's tests drive this stand-in. It follows the documented endpoints the
// plugin calls (https://www.keycloak.org/docs-api/latest/rest-api/ and the OpenID Connect token
// endpoint), with Keycloak's status codes, Location header and error bodies, and refuses what Keycloak
// refuses: a wrong admin password, a missing or unknown bearer token, an unknown realm, user or role.
// `GET /fake/state` (not Keycloak's) shows the tests what was stored. Only node: imports, so the compiled
// file runs on its own in a container: `node fake-keycloak.mjs` listens on PORT (default 8080).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export const FAKE_KEYCLOAK_ADMIN = { realm: 'master', clientId: 'admin-cli', username: 'admin', password: 'fake-keycloak-admin' };
export const FAKE_KEYCLOAK_REALM = { name: 'shop', roles: ['buyer', 'seller'] };

interface User {
  id: string;
  username: string;
  enabled: boolean;
  email?: string;
  firstName?: string;
  lastName?: string;
  emailVerified?: boolean;
  password?: { value: string; temporary: boolean };
  realmRoles: string[];
}

export function fakeKeycloakServer(): Server {
  const tokens = new Set<string>();
  const users: User[] = [];
  let nextId = 1;
  const roleRep = (name: string) => ({ id: `role-${name}`, name, composite: false, clientRole: false, containerId: FAKE_KEYCLOAK_REALM.name });

  return createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://keycloak');
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const json = () => (text ? JSON.parse(text) : null);

    if (url.pathname === '/fake/state' && request.method === 'GET') return send(200, { users });

    const token = /^\/realms\/([^/]+)\/protocol\/openid-connect\/token$/.exec(url.pathname);
    if (token && request.method === 'POST') {
      if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return send(400, { error: 'invalid_request', error_description: 'Missing form parameter: grant_type' });
      const form = new URLSearchParams(text);
      if (token[1] !== FAKE_KEYCLOAK_ADMIN.realm) return send(404, { error: 'Realm does not exist' });
      if (form.get('client_id') !== FAKE_KEYCLOAK_ADMIN.clientId) return send(401, { error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' });
      if (form.get('grant_type') !== 'password' || form.get('username') !== FAKE_KEYCLOAK_ADMIN.username || form.get('password') !== FAKE_KEYCLOAK_ADMIN.password) {
        return send(401, { error: 'invalid_grant', error_description: 'Invalid user credentials' });
      }
      const accessToken = randomBytes(24).toString('base64url');
      tokens.add(accessToken);
      return send(200, { access_token: accessToken, expires_in: 60, refresh_expires_in: 1800, token_type: 'Bearer', scope: 'profile email' });
    }

    const admin = /^\/admin\/realms\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!admin) return send(404, { error: 'Unable to find matching target resource method' });
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!bearer || !tokens.has(bearer)) return send(401, { error: 'HTTP 401 Unauthorized' });
    if (admin[1] !== FAKE_KEYCLOAK_REALM.name) return send(404, { error: 'Realm not found.' });
    const rest = admin[2] ?? '';
    const method = request.method ?? 'GET';

    if (rest === '/users' && method === 'GET') {
      const wanted = url.searchParams.get('username')?.toLowerCase();
      const exact = url.searchParams.get('exact') === 'true';
      const found = users.filter((u) => wanted === undefined || (exact ? u.username === wanted : u.username.includes(wanted)));
      return send(200, found.map(({ password: _password, realmRoles: _roles, ...rep }) => rep));
    }
    if (rest === '/users' && method === 'POST') {
      const rep = json() as Partial<User>;
      if (!rep?.username) return send(400, { errorMessage: 'error-user-attribute-required', field: 'username' });
      const username = rep.username.toLowerCase();
      if (users.some((u) => u.username === username)) return send(409, { errorMessage: 'User exists with same username' });
      const user: User = { id: `fake-user-${nextId++}`, username, enabled: rep.enabled ?? false, email: rep.email, firstName: rep.firstName, lastName: rep.lastName, emailVerified: rep.emailVerified, realmRoles: [] };
      users.push(user);
      return send(201, undefined, { location: `http://${request.headers.host}/admin/realms/${FAKE_KEYCLOAK_REALM.name}/users/${user.id}` });
    }
    const userPath = /^\/users\/([^/]+)(\/.*)?$/.exec(rest);
    if (userPath) {
      const user = users.find((u) => u.id === userPath[1]);
      if (!user) return send(404, { error: 'User not found' });
      const sub = userPath[2] ?? '';
      if (sub === '' && method === 'PUT') {
        const { id: _id, username: _username, ...changes } = json() as Partial<User>;
        Object.assign(user, changes);
        return send(204);
      }
      if (sub === '' && method === 'DELETE') {
        users.splice(users.indexOf(user), 1);
        return send(204);
      }
      if (sub === '/reset-password' && method === 'PUT') {
        const credential = json() as { type?: string; value?: string; temporary?: boolean };
        if (credential?.type !== 'password' || !credential.value) return send(400, { error: 'invalid_request', errorMessage: 'Missing password value' });
        user.password = { value: credential.value, temporary: credential.temporary ?? true };
        return send(204);
      }
      if (sub === '/role-mappings/realm' && method === 'POST') {
        const roles = json() as { id?: string; name?: string }[];
        for (const role of roles ?? []) {
          if (!role.name || !FAKE_KEYCLOAK_REALM.roles.includes(role.name) || role.id !== roleRep(role.name).id) return send(404, { error: 'Role not found' });
          if (!user.realmRoles.includes(role.name)) user.realmRoles.push(role.name);
        }
        return send(204);
      }
    }
    const role = /^\/roles\/([^/]+)$/.exec(rest);
    if (role && method === 'GET') {
      const name = decodeURIComponent(role[1]);
      return FAKE_KEYCLOAK_REALM.roles.includes(name) ? send(200, roleRep(name)) : send(404, { error: 'Could not find role' });
    }
    return send(404, { error: 'Unable to find matching target resource method' });
  });
}

if (process.argv[1]?.endsWith('fake-keycloak.mjs')) {
  fakeKeycloakServer().listen(Number(process.env.PORT ?? 8080), () => console.log(`fake-keycloak listening on ${process.env.PORT ?? 8080}`));
}
